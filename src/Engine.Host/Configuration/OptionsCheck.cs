using Cronos;
using Engine.Jobs;
using Microsoft.Extensions.Configuration;

namespace Engine.Host.Configuration;

/// <summary>
/// Binds and checks the Engine section. Every defect becomes one line naming the configuration key, its value and
/// why it is refused; the command then stops with exit code 2 before doing anything.
/// </summary>
public static class OptionsCheck
{
    public static EngineOptions Bind(IConfiguration configuration)
    {
        var options = new EngineOptions();
        try
        {
            configuration.GetSection(EngineOptions.Section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new Commands.CliError($"configuration: {e.Message}");
        }
        var problems = Problems(options).ToList();
        if (problems.Count > 0) throw new Commands.CliError("configuration: " + string.Join("; ", problems));
        return options;
    }

    public static IEnumerable<string> Problems(EngineOptions o)
    {
        if (Hosting.StoreFactory.Refusal(o.Database.Provider) is { } refusal)
            yield return refusal;
        if (string.IsNullOrWhiteSpace(o.Database.ConnectionString))
            yield return "Engine:Database:ConnectionString is empty";
        if (o.Hangfire.Schema.Length is 0 or > 63 || !o.Hangfire.Schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            || char.IsAsciiDigit(o.Hangfire.Schema[0]))
            yield return $"Engine:Hangfire:Schema = '{o.Hangfire.Schema}' must be a PostgreSQL name: lower-case letters, digits and _, not starting with a digit";
        if (!IsCron(o.Nightly.Cron))
            yield return $"Engine:Nightly:Cron = '{o.Nightly.Cron}' is not a valid cron expression (5 fields, or 6 with seconds first)";
        if (!IsCron(o.Nightly.InboxCron))
            yield return $"Engine:Nightly:InboxCron = '{o.Nightly.InboxCron}' is not a valid cron expression (5 fields, or 6 with seconds first)";
        if (o.Hangfire.InvisibilityTimeout < TimeSpan.FromSeconds(5) || o.Hangfire.InvisibilityTimeout > TimeSpan.FromDays(1))
            yield return $"Engine:Hangfire:InvisibilityTimeout = {o.Hangfire.InvisibilityTimeout} must be between 00:00:05 and 1.00:00:00";
        if (!IsCron(o.Nightly.BimProposalsCron))
            yield return $"Engine:Nightly:BimProposalsCron = '{o.Nightly.BimProposalsCron}' is not a valid cron expression (5 fields, or 6 with seconds first)";
        if (NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(o.Nightly.TimeZone) is null)
            yield return $"Engine:Nightly:TimeZone = '{o.Nightly.TimeZone}' is not a known time zone";
        if (o.Workers is < 1 or > 64)
            yield return $"Engine:Workers = {o.Workers} must be between 1 and 64";
        if (o.Run.Partitions is < 1 or > 1000)
            yield return $"Engine:Run:Partitions = {o.Run.Partitions} must be between 1 and 1000";
        if (o.Run.PartitionLines is < 1 or > 10_000_000)
            yield return $"Engine:Run:PartitionLines = {o.Run.PartitionLines} must be between 1 and 10000000";
        if (o.Run.LockWaitSeconds is < 0 or > 86400)
            yield return $"Engine:Run:LockWaitSeconds = {o.Run.LockWaitSeconds} must be between 0 and 86400";
        if (o.Run.DateWindowDays is < 0 or > 3660)
            yield return $"Engine:Run:DateWindowDays = {o.Run.DateWindowDays} must be between 0 and 3660";
        if (Engine.Core.Payments.Iban.Check(o.Payer.Iban).Problem is { } ibanProblem)
            yield return $"Engine:Payer:Iban: {ibanProblem}";
        if (o.Payer.CompanyNumber.Length != 10 || !o.Payer.CompanyNumber.All(char.IsAsciiDigit))
            yield return $"Engine:Payer:CompanyNumber = '{o.Payer.CompanyNumber}' must be 10 digits";
        if (o.Payer.Mutuality is < 100 or > 999)
            yield return $"Engine:Payer:Mutuality = {o.Payer.Mutuality} must be a 3-digit mutuality number";
        if (o.Payer.Mutuality == Engine.Core.Payers.PayerDecision.MediprimaMutuality)
            yield return $"Engine:Payer:Mutuality = {o.Payer.Mutuality} is MediPrima's (SPP IS): set Engine:Payers:spp-is:AcceptInvoices to take its invoices";
        foreach (var problem in Engine.Jobs.Payers.PayerAccounts.Problems(o)) yield return problem;
    }

    /// <summary>5 fields, or 6 with seconds first as Hangfire reads them (a rehearsal or a test that must not wait a minute).</summary>
    private static bool IsCron(string cron) =>
        CronExpression.TryParse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out _);
}
