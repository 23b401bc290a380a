using Engine.Core.Payments;
using Engine.Jobs.Payments;
using NodaTime;

namespace Engine.Jobs.Tests.Payments;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The small run behind the expected files in Expected/: a provider paid for one eFact sending, a member's care
/// refund, an indemnity on a later date, a member without IBAN (held back), a negative and a zero item.
/// </summary>
internal static class SmallRun
{
    public const string RunId = "nightly-2025-03-14";

    // 2025-03-14T01:30:00Z is 02:30 in Brussels (CET, +01:00, before the switch to summer time on 2025-03-30).
    public static readonly Instant CreatedAt = Instant.FromUtc(2025, 3, 14, 1, 30);

    // BE71096123456769: 0961234567 = 97 x 9909634 + 69, so the BBAN ends in 69; ISO 13616 check digits 71.
    // 0403170701: 97 - (04031707 mod 97 = 96) = 01.
    public static readonly PaymentDebtor Debtor = new("Mutualité Exemple", "BE71 0961 2345 6769", "GKCCBEBB", "0403.170.701");

    private static readonly LocalDate Exec = new(2025, 3, 14);
    private static readonly EfactSendingRef Sending12 = new(12, new YearMonth(2025, 1), 900);

    private static DateInterval Day(int y, int m, int d) => new(new LocalDate(y, m, d), new LocalDate(y, m, d));

    public static readonly PayableItem[] Items =
    [
        new("L5", PayeeKind.Member, "M2", "Jean-Pierre Lefèvre", "DE89370400440532013000", Money.Parse("1234.56"),
            PaymentPurpose.Indemnity, new LocalDate(2025, 3, 17), new DateInterval(new LocalDate(2025, 2, 1), new LocalDate(2025, 2, 28))),
        new("L4", PayeeKind.Member, "M1", "Hélène Dupont", "BE68539007547034", Money.Parse("7.70"), PaymentPurpose.DirectRefund, Exec, Day(2025, 1, 3)),
        new("L3", PayeeKind.Member, "M1", "Hélène Dupont", "BE68539007547034", Money.Parse("12.30"), PaymentPurpose.DirectRefund, Exec, Day(2025, 1, 10)),
        new("L2", PayeeKind.Provider, "P1", "Dr Élise Janssens", "NL91ABNA0417164300", Money.Parse("5.50"), PaymentPurpose.ThirdPartyCare, Exec,
            Day(2025, 1, 7), Sending: Sending12),
        new("L1", PayeeKind.Provider, "P1", "Dr Élise Janssens", "NL91 ABNA 0417 1643 00", Money.Parse("10.00"), PaymentPurpose.ThirdPartyCare, Exec,
            Day(2025, 1, 6), Sending: Sending12),
        new("L6", PayeeKind.Member, "M3", "Marc Peeters", null, Money.Parse("50.00"), PaymentPurpose.AcAdvantage, Exec, AdvantageId: "SPORT-CLUB"),
        new("L7", PayeeKind.Member, "M1", "Hélène Dupont", "BE68539007547034", Money.Parse("-8.00"), PaymentPurpose.DirectRefund, Exec, Day(2025, 1, 3)),
        new("L8", PayeeKind.Member, "M2", "Jean-Pierre Lefèvre", "DE89370400440532013000", Money.Zero, PaymentPurpose.Indemnity, new LocalDate(2025, 3, 17)),
    ];

    public static PaymentPlan Plan() => PaymentGrouping.Plan(RunId, Items);

    public static string Expected(string name) =>
        Path.Combine(RepositoryRoot(), "tests", "Engine.Jobs.Tests", "Payments", "Expected", name);

    // Not SharedFolder.RepositoryRoot: its static initialiser reads RepositoryRoot before setting it, so it throws
    // wherever ENGINE_SHARED_DIR is unset.
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Engine.sln) above " + AppContext.BaseDirectory);
    }
}
