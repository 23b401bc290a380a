using System.Text.RegularExpressions;
using Engine.Core.Payments;

namespace Engine.Jobs.Payments;

/// <summary>
/// The insurer paying: its name (written as initiating party and debtor), the account debited, its bank's BIC and
/// its enterprise number (KBO-BCE). Comes from configuration; <see cref="Problems"/> lists what is wrong with it.
/// </summary>
public sealed partial record PaymentDebtor(string Name, string Iban, string Bic, string EnterpriseNumber)
{
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (SepaText.Name(Name).Length == 0) problems.Add("debtor name is empty");
        var iban = Core.Payments.Iban.Check(Iban);
        if (!iban.IsValid) problems.Add("debtor " + iban.Problem);
        if (!BicPattern().IsMatch(Bic ?? "")) problems.Add("debtor BIC must be 8 or 11 letters and digits (AAAABBCC[DDD])");
        Core.Payments.EnterpriseNumber.Normalize(EnterpriseNumber, out var kbo);
        if (kbo is not null) problems.Add("debtor " + kbo);
        return problems;
    }

    /// <summary>Safe to log: the IBAN is masked.</summary>
    public override string ToString() => $"{Name} {Core.Payments.Iban.Mask(Iban)} {Bic} {EnterpriseNumber}";

    public void EnsureValid()
    {
        var problems = Problems();
        if (problems.Count > 0) throw new ArgumentException("payment debtor configuration: " + string.Join("; ", problems));
    }

    [GeneratedRegex("^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")]
    private static partial Regex BicPattern();
}
