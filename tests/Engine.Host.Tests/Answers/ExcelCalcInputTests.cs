using System.Text;
using System.Text.RegularExpressions;

namespace Engine.Host.Tests.Answers;

/// <summary>Issue 13: the calculators read their inputs as a Belgian Excel saves them (';', BOM, TRUE/FALSE, decimal comma).</summary>
public sealed class ExcelCalcInputTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("engine-excel-calc-").FullName;
    private static readonly string Root = FindRoot();
    private static readonly string Fixtures = Path.Combine(Root, "tests", "Engine.Host.Tests", "CalcReimbursement");

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find Engine.sln");
    }

    /// <summary>A CSV line as Excel (fr-BE) saves it: ';' outside quotes, TRUE/FALSE, amounts with a decimal comma.</summary>
    private static string Excel(string line)
    {
        var b = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            b.Append(c == ',' && !quoted ? ';' : c);
        }
        var text = Regex.Replace(b.ToString(), @";(true|false)(?=;|$)", m => ";" + m.Groups[1].Value.ToUpperInvariant());
        return Regex.Replace(text, @";(\d+)\.(\d{2})(?=;|$)", ";$1,$2");
    }

    private (int Code, string Out, string Err) Calc(string claims, string beneficiaries, string results)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["calc", "reimbursement", "--claims", claims, "--beneficiaries", beneficiaries, "--out", results,
            "--rules", Path.Combine(Root, "rules")], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void The_golden_claims_saved_by_Excel_give_the_golden_results_and_a_wrong_header_names_its_separator()
    {
        var bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        var claims = Path.Combine(_tmp, "claims.csv");
        var beneficiaries = Path.Combine(_tmp, "beneficiaries.csv");
        File.WriteAllText(claims, string.Join("\r\n", File.ReadAllLines(Path.Combine(Fixtures, "claims.csv")).Select(Excel)) + "\r\n", bom);
        File.WriteAllText(beneficiaries, string.Join("\r\n", File.ReadAllLines(Path.Combine(Fixtures, "beneficiaries.csv")).Select(Excel)) + "\r\n", bom);
        Assert.Contains(";32,84;P1;TRUE;efact;FALSE", File.ReadAllText(claims));

        var (code, output, errors) = Calc(claims, beneficiaries, Path.Combine(_tmp, "results.csv"));
        Assert.True(code == 0, output + errors);
        Assert.Equal(File.ReadAllText(Path.Combine(Fixtures, "expected-results.csv")), File.ReadAllText(Path.Combine(_tmp, "results.csv")));

        File.WriteAllText(claims, "line_id;beneficiary_id;service_date;code;quantity;billed;provider_id;provider_conventioned;channel;referral\r\n", bom);
        (code, _, errors) = Calc(claims, beneficiaries, Path.Combine(_tmp, "results2.csv"));
        Assert.Equal(2, code);
        Assert.Contains("wrong header: missing column(s) billed_amount; unknown column(s) billed", errors);
        Assert.Contains("read with the separator ';' found in the header line", errors);
    }
}
