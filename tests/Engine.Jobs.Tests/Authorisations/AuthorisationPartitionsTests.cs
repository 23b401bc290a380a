using Engine.Jobs.Data;
using Engine.Jobs.Rules;
using Engine.Jobs.Runs;
using Engine.Jobs.Tests.Rules.Reimbursement;
using Engine.Jobs.Tests.Stores;
using Engine.Jobs.Time;
using NodaTime;

namespace Engine.Jobs.Tests.Authorisations;

using Money = Engine.Core.Money.Money;

/// <summary>
/// The sessions of one authorisation whatever the run's partitions (issue 14): a member alone in household H1 in 2025
/// and in household H2 in 2026 has physiotherapy under one authorisation of two sessions across the new year. Lines go
/// to their household's partition, so the two years' lines can be computed by two partitions; each decides the
/// member's sessions over all of the run's lines of that member, in line order, so the third line is refused once and
/// one partition or several write the same files, and the replay, going by the same partitions, reproduces them.
/// </summary>
public abstract class AuthorisationPartitionsTests(StoreKind kind)
{
    private static readonly Instant Registered = Instant.FromUtc(2025, 11, 2, 8, 0);
    private static readonly LocalDate RunDate = new(2026, 1, 8);
    private static readonly string Niss = Engine.Jobs.Efact.BelgianIdentifiers.NissFromBody(800101001);

    private sealed record Night(RunSummary Summary, IReadOnlyList<LineResultRow> Results, SortedDictionary<string, byte[]> Files);

    private Night Pay(int partitions)
    {
        var dir = Directory.CreateTempSubdirectory("engine-authorisation-partitions-").FullName;
        try
        {
            using var test = TestStores.Create(kind, dir);
            var store = test.Store;
            store.Migrate(Registered);
            store.AddBeneficiaries([new BeneficiaryRow
            {
                BeneficiaryId = "M1", Niss = Niss, Name = "Member M1", BirthDate = new LocalDate(1980, 1, 1), Sex = 1, Mutuality = 131,
                Iban = "BE68539007547034", InsuredFrom = new LocalDate(2000, 1, 1), KnownAt = Registered,
            }]);
            store.AddProviders([new ProviderRow { ProviderId = "P1", Nihii = "50000001001", Name = "Kine One", Kind = "physiotherapist", Conventioned = true, Iban = "BE71096123456769", KnownAt = Registered }]);
            store.AddHouseholds(
                [new HouseholdRow { HouseholdId = "H1", Year = 2025, ReferenceIncome = new Money(20_000_00), KnownAt = Registered },
                 new HouseholdRow { HouseholdId = "H2", Year = 2026, ReferenceIncome = new Money(20_000_00), KnownAt = Registered }],
                [new HouseholdMemberRow { HouseholdId = "H1", BeneficiaryId = "M1", Year = 2025, Relation = "titulaire", KnownAt = Registered },
                 new HouseholdMemberRow { HouseholdId = "H2", BeneficiaryId = "M1", Year = 2026, Relation = "titulaire", KnownAt = Registered }]);
            store.AddPriorAuthorisations([new PriorAuthorisationRow
            {
                Reference = "MC-2025-090", MemberId = "M1", Codes = "physio_heavy", FromDate = new LocalDate(2025, 12, 1), ToDate = new LocalDate(2026, 3, 31),
                Sessions = 2, Decision = "granted", FileName = "authorisations.csv", KnownAt = Registered,
            }]);
            // One sending, in this line order: 5 January 2026 (H2), then 29 and 30 December 2025 (H1).
            var at = Instant.FromUtc(2026, 1, 6, 12, 0);
            store.AddSending(new SendingRow { Channel = "eattest", FileName = "a", Sha256 = new string('a', 64), Identity = "a", Raw = [], Status = "accepted", ReceivedAt = at },
                new[] { new LocalDate(2026, 1, 5), new LocalDate(2025, 12, 29), new LocalDate(2025, 12, 30) }.Select((d, i) => new CareLineRow
                {
                    InvoiceNumber = $"a-{i + 1}", RecordSeq = i + 1, BeneficiaryId = "M1", ProviderId = "P1", Code = 563010, ServiceDate = d,
                    Quantity = 1, Billed = new Money(27_50), Conventioned = true, Channel = "eattest", KnownAt = at,
                }).ToList());
            var options = new EngineOptions
            {
                RulesFolder = RepoFiles.Rules, OutputFolder = Path.Combine(dir, "runs"), OutboxFolder = Path.Combine(dir, "outbox"), Run = { Partitions = partitions },
            };
            var summary = new RunPipeline(store, new RuleSetProvider(options), options, new FixedClock(Brussels.At(RunDate, 2)), Serilog.Core.Logger.None).Execute(RunDate);
            Assert.Equal(partitions, store.Run(summary.RunId)!.Partitions);
            // Its replay goes by the same partitions, each deciding the member's sessions over all of the run's lines.
            var replay = new Engine.Jobs.Replay.PeriodReplay(store, new RuleSetProvider(options), options).Run(RunDate, RunDate, null, Path.Combine(dir, "replay"));
            Assert.True(replay.Reproduced, string.Join("\n", replay.DifferenceList.Select(d => $"{d.Item} {d.Field}: {d.Original} -> {d.Replay}")));
            var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var f in Directory.EnumerateFiles(Path.Combine(options.OutputFolder, summary.RunId)))
                files[Path.GetFileName(f)] = File.ReadAllBytes(f);
            return new Night(summary, store.Results(summary.RunId).OrderBy(r => r.LineId).ToList(), files);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void The_last_session_of_an_authorisation_across_two_households_is_used_once_whatever_the_partitions()
    {
        // A number of partitions that puts H1 and H2 apart, H2 (the first line's) in the lower one, computed first.
        var split = Enumerable.Range(2, 30).First(n => RunPartitioning.OfHousehold("H2", n) < RunPartitioning.OfHousehold("H1", n));
        var alone = Pay(1);
        var apart = Pay(split);

        // Sessions in line order: 5 January (session 1), 29 December (session 2), 30 December refused (5004L0, used).
        // Physiotherapy 27.50, ordinary share 25 % = 6.875 -> 6.88, insurer 27.50 - 6.88 = 20.62 each; paid 41.24.
        foreach (var night in new[] { alone, apart })
        {
            Assert.Equal(["accepted", "accepted", "rejected"], night.Results.Select(r => r.Status));
            Assert.Equal("authorisation_sessions_used", night.Results[2].Reason);
            Assert.Equal([20_62L, 20_62L, 0L], night.Results.Select(r => r.Insurer.Cents));
            Assert.Equal((2, 1, "41.24"), (night.Summary.Accepted, night.Summary.RejectionsByReason["authorisation_sessions_used"], night.Summary.InsurerTotal));
        }
        Assert.Equal(alone.Files.Keys, apart.Files.Keys);
        foreach (var (name, bytes) in alone.Files) Assert.True(bytes.AsSpan().SequenceEqual(apart.Files[name]), $"{name} differs with {split} partitions");
    }
}

public sealed class AuthorisationPartitionsTestsOnSqlite() : AuthorisationPartitionsTests(StoreKind.Sqlite);

public sealed class AuthorisationPartitionsTestsOnPostgres() : AuthorisationPartitionsTests(StoreKind.Postgres);
