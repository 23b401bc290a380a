using System.CommandLine;

namespace Engine.Host.Commands;

/// <summary>`calc ...`: the database-free calculators for finance staff and auditors.</summary>
public static class CalcCommand
{
    public static Command Create()
    {
        var calc = new Command("calc", "Compute results from CSV files, without a database");
        // Each calculator registers itself here.
        calc.Subcommands.Add(CalcIndemnityCommand.Create());
        calc.Subcommands.Add(CalcAcCommand.Create());
        calc.Subcommands.Add(CalcReimbursementCommand.Create());
        return calc;
    }
}
