using System.Text.Json;
using System.Xml.Linq;
using Engine.Host.Tests.CalcIndemnity;
using Engine.Jobs.Runs;
using Microsoft.Data.Sqlite;

namespace Engine.Host.Tests.Insurers;

/// <summary>
/// Two insurers on one machine and one binary (docs/insurers.md): each its own configuration (embedded database,
/// folders, debtor account, mutuality, rules folder with its AC catalogue), each its own night through `engine demo
/// --config`; then the mistakes an operator can make between them (another insurer's sending in the inbox, a run of
/// the other database into this output folder) are refused, and nothing of one is found in the other's files.
/// </summary>
[Collection("process-wide")]
public sealed class TwoInsurersTests : IDisposable
{
    private const string RunId = "nightly-2024-03-05";
    private readonly string _root = Directory.CreateTempSubdirectory("engine-insurers-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed record Insurer(string Name, string CompanyNumber, string Iban, string Bic, int Mutuality, int Seed, string Folder, string Config)
    {
        public string Database => Path.Combine(Folder, "engine.db");
        public string Runs => Path.Combine(Folder, "runs");
        public string Run => Path.Combine(Runs, RunId);
        public string Outbox => Path.Combine(Folder, "outbox");
        public string Inbox => Path.Combine(Folder, "inbox");
    }

    private static (int Code, string Out) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString() + stderr);
    }

    /// <summary>
    /// One insurer's configuration: the folders and database are those the demo puts in its --out folder, so that the
    /// same file serves the demo and every later command.
    /// </summary>
    private Insurer Configure(string code, string name, string company, string iban, string bic, int mutuality, int seed, string rules)
    {
        var folder = Path.Combine(_root, code);
        var config = Path.Combine(_root, code + ".json");
        File.WriteAllText(config, JsonSerializer.Serialize(new
        {
            Engine = new
            {
                Database = new { Provider = "sqlite", ConnectionString = $"Data Source={Path.Combine(folder, "engine.db")}" },
                RulesFolder = rules,
                OutputFolder = Path.Combine(folder, "runs"),
                InboxFolder = Path.Combine(folder, "inbox"),
                ArchiveFolder = Path.Combine(folder, "archive"),
                OutboxFolder = Path.Combine(folder, "outbox"),
                Payer = new { Name = name, CompanyNumber = company, Iban = iban, Bic = bic, Mutuality = mutuality },
            },
        }));
        return new Insurer(name, company, iban, bic, mutuality, seed, folder, config);
    }

    /// <summary>A copy of the repository's rules/ (its catalogue changed by <paramref name="change"/>).</summary>
    private string Rules(string code, Func<string, string>? change = null)
    {
        var target = Path.Combine(_root, "rules-" + code);
        foreach (var file in Directory.GetFiles(RepositoryRules.Directory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(RepositoryRules.Directory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        if (change is not null)
        {
            var catalogue = Path.Combine(target, "complementary", "example", "catalogue.csv");
            var before = File.ReadAllText(catalogue);
            var after = change(before);
            Assert.NotEqual(before, after);
            File.WriteAllText(catalogue, after);
        }
        return target;
    }

    private static (int Code, string Out) Demo(Insurer i) =>
        Cli("demo", "--out", i.Folder, "--members", "300", "--lines", "900", "--seed", i.Seed.ToString(), "--config", i.Config);

    private static readonly XNamespace Pain = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

    /// <summary>Every text file the insurer's engine wrote: its runs and its answers to providers.</summary>
    private static Dictionary<string, string> Written(Insurer i) =>
        new[] { i.Runs, i.Outbox }.SelectMany(d => Directory.GetFiles(d, "*", SearchOption.AllDirectories))
            .ToDictionary(f => f, File.ReadAllText);

    /// <summary>The IBANs of the insurer's registry (members and providers) as the demo generated it.</summary>
    private static HashSet<string> RegistryIbans(Insurer i) =>
        new[] { "members.csv", "providers.csv" }
            .SelectMany(f => File.ReadAllLines(Path.Combine(i.Folder, "registry", f)))
            .SelectMany(l => l.Split(','))
            .Where(v => v.StartsWith("BE", StringComparison.Ordinal) && v.Length == 16)
            .ToHashSet(StringComparer.Ordinal);

    private static string Sepa(string name) => name.Replace('é', 'e');

    private static long Count(Insurer i, string sql)
    {
        using var c = new SqliteConnection($"Data Source={i.Database};Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void Two_insurers_pay_their_own_nights_from_their_own_accounts_with_their_own_catalogues_and_refuse_each_others_files()
    {
        // B's catalogue pays a sport club 60.00 in 2024 where A's (the repository's) pays 50.00: the row's amount and its
        // yearly cap (a flat 50.00 capped at 50.00 a year becomes 60.00 capped at 60.00).
        const string club2024 = "sport_club,2024-01-01,2024-12-31,attestation,sport_club_membership,flat,50.00,,true,50.00,";
        var a = Configure("a", "Mutualité A", "0412345614", "BE21001234567803", "GEBABEBB", 131, 7, Rules("a"));
        var b = Configure("b", "Mutualité B", "0876543270", "BE23363765432191", "BBRUBEBB", 235, 8,
            Rules("b", c => c.Replace(club2024, club2024.Replace("50.00", "60.00"), StringComparison.Ordinal)));

        foreach (var insurer in new[] { a, b })
        {
            var (code, output) = Demo(insurer);
            Assert.True(code == 0, output);
        }

        // Each pain.001 of the insurance is paid from its own insurer's account, to its own members and providers only.
        var ibansA = RegistryIbans(a);
        var ibansB = RegistryIbans(b);
        foreach (var (self, other, own, others) in new[] { (a, b, ibansA, ibansB), (b, a, ibansB, ibansA) })
        {
            var pain = XDocument.Load(Path.Combine(self.Run, RunId + ".pain001.xml"));
            var info = pain.Root!.Element(Pain + "CstmrCdtTrfInitn")!.Elements(Pain + "PmtInf").ToList();
            Assert.NotEmpty(info);
            foreach (var block in info)
            {
                // The pain.001 writes names in the SEPA character set: "Mutualité A" is "Mutualite A".
                Assert.Equal(Sepa(self.Name), block.Element(Pain + "Dbtr")!.Element(Pain + "Nm")!.Value);
                Assert.Equal(self.Iban, block.Element(Pain + "DbtrAcct")!.Descendants(Pain + "IBAN").Single().Value);
                Assert.Equal(self.Bic, block.Element(Pain + "DbtrAgt")!.Descendants(Pain + "BIC").Single().Value);
            }
            var creditors = pain.Descendants(Pain + "CdtrAcct").Select(x => x.Descendants(Pain + "IBAN").Single().Value).ToHashSet();
            Assert.NotEmpty(creditors);
            Assert.Subset(own, creditors);
            Assert.Empty(creditors.Intersect(others.Except(own)));

            // Nothing of the other insurer in any file this one wrote: not its name, its account, its company number,
            // nor any account of its registry that this insurer's registry does not hold as well.
            var foreign = new[] { other.Name, Sepa(other.Name), other.Iban, other.CompanyNumber }.Concat(others.Except(own)).ToList();
            foreach (var (file, text) in Written(self))
                foreach (var value in foreign)
                    Assert.False(text.Contains(value, StringComparison.Ordinal), $"{file} holds {value} of {other.Name}");
        }

        // Each run records its own rule set (the catalogues differ, so do the SHA-256), and prices AC by its own catalogue.
        var summaryA = RunSummary.FromJson(File.ReadAllText(Path.Combine(a.Run, "summary.json")));
        var summaryB = RunSummary.FromJson(File.ReadAllText(Path.Combine(b.Run, "summary.json")));
        Assert.NotEqual(summaryA.RuleSetVersion, summaryB.RuleSetVersion);
        // ac-decisions.csv: request_id,granted_amount,status,reason,member_id,advantage,date,provisional. The generator
        // asks 80.00..250.00 for a club: a granted club is paid the flat amount, 50.00 by A, 60.00 by B.
        string[] Clubs(Insurer i) => File.ReadAllLines(Path.Combine(i.Run, "ac-decisions.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[5] == "sport_club" && r[2] == "granted").Select(r => r[1]).Distinct().ToArray();
        Assert.Equal(["50.00"], Clubs(a));
        Assert.Equal(["60.00"], Clubs(b));

        // A sending addressed to B (mutuality 235) dropped into A's inbox: refused whole, answered, nothing stored.
        var sendingOfB = Directory.GetFiles(b.Inbox, "*", SearchOption.AllDirectories)
            .First(f => File.ReadAllText(f).StartsWith("920000", StringComparison.Ordinal));
        var dropped = Path.Combine(a.Inbox, "misrouted-" + Path.GetFileName(sendingOfB));
        Directory.CreateDirectory(a.Inbox);
        File.Copy(sendingOfB, dropped);
        var lines = Count(a, "SELECT COUNT(*) FROM care_lines");
        var answers = Directory.GetFiles(a.Outbox, "*", SearchOption.AllDirectories).Length;
        var (refusedCode, refused) = Cli("import", "efact", dropped, "--config", a.Config);
        Assert.True(refusedCode == 3, refused);
        Assert.Contains("destination mutuality 235 is not one this insurer pays for", refused);
        Assert.Equal(lines, Count(a, "SELECT COUNT(*) FROM care_lines"));
        Assert.True(Directory.GetFiles(a.Outbox, "*", SearchOption.AllDirectories).Length > answers, "A did not answer B's sending");

        // A run of B's database into A's output folder (A's configuration, B's database): refused by the store mark,
        // before anything is claimed, and A's night is left as it was.
        var before = Directory.GetFiles(a.Runs, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        var (mixedCode, mixed) = Cli("run", "--date", "2024-03-05", "--confirm-date", "2024-03-05", "--config", a.Config, "--database", b.Database);
        Assert.True(mixedCode == 2, mixed);
        Assert.Contains("belongs to another database", mixed);
        var after = Directory.GetFiles(a.Runs, "*", SearchOption.AllDirectories);
        Assert.Equal(before.Keys.Order(), after.Order());
        foreach (var f in after) Assert.True(before[f].AsSpan().SequenceEqual(File.ReadAllBytes(f)), $"{f} changed");
    }
}
