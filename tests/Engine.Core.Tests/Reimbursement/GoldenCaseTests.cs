using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Engine.Core.Reimbursement;
using NodaTime;
using NodaTime.Text;

namespace Engine.Core.Tests.Reimbursement;

using Money = global::Engine.Core.Money.Money;

/// <summary>Runs every case of golden-cases.csv (worked out by hand, see its `why` column) through the kernel.</summary>
public class GoldenCaseTests
{
    private static readonly string File = Path.Combine(ShippedRules.RepositoryRoot, "tests", "Engine.Core.Tests", "Reimbursement", "golden-cases.csv");

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Cases = new(Read);

    private static Dictionary<string, Dictionary<string, string>> Read()
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { AllowComments = true, Comment = '#' };
        using var reader = new StreamReader(File);
        using var csv = new CsvReader(reader, config);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var cases = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var row = header.ToDictionary(h => h, h => csv.GetField(h)!, StringComparer.Ordinal);
            Assert.True(cases.TryAdd(row["case"], row), $"case '{row["case"]}' appears twice");
        }
        return cases;
    }

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Read().Keys) data.Add(name);
        return data;
    }

    private static LocalDate Date(string s) => LocalDatePattern.Iso.Parse(s).Value;
    private static bool Bool(string s) => s switch { "true" => true, "false" => false, _ => throw new FormatException(s) };

    public static (CareLine Line, BeneficiarySituation Who) Inputs(IReadOnlyDictionary<string, string> c)
    {
        Assert.True(CareCode.TryParse(c["code"], out var code), $"bad code {c["code"]}");
        var line = new CareLine(code, Date(c["service_date"]), int.Parse(c["quantity"], CultureInfo.InvariantCulture),
            Money.Parse(c["billed"]), Bool(c["conventioned"]), c["channel"] == "efact" ? Channel.Efact : Channel.Eattest,
            Bool(c["referral"]), Bool(c["dmg_with_provider"]));
        var bim = Bool(c["bim"]);
        var kind = c["bim_kind"];
        Assert.True(bim ? kind is "avantages" or "enquiry" : kind.Length == 0, $"bim_kind '{kind}' with bim={c["bim"]}: a BIM row names its right, another row none");
        var who = new BeneficiarySituation(Date(c["birth_date"]), bim, Bool(c["dmg"]), BimAvantages: kind == "avantages");
        return (line, who);
    }

    [Fact]
    public void The_case_file_holds_every_case_the_brief_asks_for()
    {
        var names = Cases.Value.Keys;
        Assert.True(names.Count >= 40, $"only {names.Count} golden cases");
        foreach (var reason in new[] { "unknown_code", "code_not_valid_on_date", "quantity_invalid" })
            Assert.Contains(Cases.Value.Values, c => c["reason"] == reason);
        // Forbidden supplements are flagged on accepted lines, never rejected (sheet §9.4, issue 16).
        foreach (var flag in new[] { "bim_supplement_forbidden", "conventioned_supplement_forbidden", "billed_above_listed_price" })
            Assert.Contains(Cases.Value.Values, c => c["supplement_flag"] == flag && c["status"] == "accepted");
        Assert.DoesNotContain(Cases.Value.Values, c => c["reason"] is "billed_below_fee" or "bim_supplement_forbidden" or "conventioned_supplement_forbidden");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Golden_case(string name)
    {
        var c = Cases.Value[name];
        var (line, who) = Inputs(c);
        var rules = ShippedRules.Reimbursement;
        var r = ReimbursementKernel.Compute(in line, in who, rules);
        var why = $"case {name}: {c["why"]}";
        Assert.True(c["status"] == (r.Accepted ? "accepted" : "rejected"), $"{why}\nstatus {r.Status} {r.Reason.Text()}");
        Assert.Equal(c["reason"], r.Reason.Text());
        Assert.Equal(c["fee"], r.Fee.ToString());
        Assert.Equal(c["insurer"], r.InsurerAmount.ToString());
        Assert.Equal(c["share"], r.PersonalShare.ToString());
        Assert.Equal(c["supplement"], r.Supplement.ToString());
        Assert.Equal(c["payee"], r.Payee == Payee.Provider ? "provider" : "member");
        Assert.Equal(c["rules"], r.Rules.Format(rules));
        Assert.Equal(c["supplement_flag"], r.SupplementFlag.Text());
    }
}
