using System.Globalization;

namespace Engine.Host.Tests.CalcReimbursementHouseholds;

/// <summary>`calc reimbursement ... --households`: the maf_refund column, worked out by hand.</summary>
public sealed class HouseholdsOptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-maf-calc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_household_crossing_its_ceiling_is_refunded_the_excess_in_service_date_order()
    {
        // Household H1, 2024, reference income 12,000.00 -> MAF revenus bracket <= 12,681.18 -> ceiling 254.99.
        // Each line: GP consultation 101076 in 2024 (fee 31.98), no DMG, ordinary -> personal share 6.00.
        // L00 is last in the file but dated 2024-01-01: it is counted first. Counted: L00, L01, ..., L43.
        // After L00 + L01..L41 (42 lines): 252.00. L42 takes the counter to 258.00: refund 258.00 - 254.99 = 3.01.
        // L43: the ceiling is already passed: its whole share 6.00 is refunded.
        // L99 is dated 2025: the rules have no MAF figures for 2025 -> empty cell, reason on stderr.
        // R01 is rejected (unknown code): it counts nothing -> 0.00.
        var claims = new List<string> { "line_id,beneficiary_id,service_date,code,quantity,billed_amount,provider_id,provider_conventioned,channel,referral" };
        for (int k = 1; k <= 43; k++)
            claims.Add($"L{k:00},B1,{new DateTime(2024, 1, 2).AddDays(k - 1):yyyy-MM-dd},101076,1,31.98,P1,true,eattest,false");
        claims.Add("R01,B1,2024-01-03,999999,1,10.00,P1,true,eattest,false");
        // CS1: a category Cs medicine (60 % share = 12.00) after the ceiling is passed: Cs does not count for the MAF
        // (sheet §2: medicines A/B/C), so nothing of it is refunded and the counter does not move.
        claims.Add("CS1,B1,2024-03-01,9990044,1,20.00,P1,true,eattest,false");
        claims.Add("L99,B1,2025-03-01,101076,1,32.84,P1,true,eattest,false");
        claims.Add("L00,B1,2024-01-01,101076,1,31.98,P1,true,eattest,false");
        File.WriteAllLines(Path.Combine(_dir, "claims.csv"), claims);
        File.WriteAllLines(Path.Combine(_dir, "beneficiaries.csv"), ["beneficiary_id,birth_date,bim,dmg,household_id", "B1,1970-05-05,false,false,H1"]);
        File.WriteAllLines(Path.Combine(_dir, "households.csv"), ["household_id,year,reference_income,bim_household,chronic", "H1,2024,12000.00,false,false"]);

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["calc", "reimbursement", "--claims", Path.Combine(_dir, "claims.csv"),
            "--beneficiaries", Path.Combine(_dir, "beneficiaries.csv"), "--households", Path.Combine(_dir, "households.csv"),
            "--out", Path.Combine(_dir, "results.csv")], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());

        var lines = File.ReadAllLines(Path.Combine(_dir, "results.csv"));
        // maf_refund after the contract's columns, then the added last column supplement_flag
        Assert.Equal("line_id,fee,insurer_amount,personal_share,supplement,payee,status,reason,rules,maf_refund,supplement_flag", lines[0]);
        var refund = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[^2]);
        Assert.Equal("0.00", refund["L00"]);
        Assert.Equal("0.00", refund["L41"]);
        Assert.Equal("3.01", refund["L42"]);
        Assert.Equal("6.00", refund["L43"]);
        Assert.Equal("0.00", refund["R01"]);
        Assert.Equal("0.00", refund["CS1"]);
        Assert.Equal("", refund["L99"]);
        Assert.Contains("2025", stderr.ToString());
        var total = refund.Values.Where(v => v.Length > 0).Sum(v => decimal.Parse(v, CultureInfo.InvariantCulture));
        Assert.Equal(44 * 6.00m - 254.99m, total);
    }

    [Fact]
    public void A_line_id_repeated_in_the_claims_is_reported_for_the_MAF_naming_both_rows()
    {
        // D1 is on rows 2 and 3 of claims.csv: its MAF is not computed on either row (empty cells), and stderr names the
        // id and both rows; N1 goes through (2023, income 12,000.00 -> ceiling 250.00; share 6.00 -> 0.00).
        var claimsPath = Path.Combine(_dir, "claims.csv");
        File.WriteAllLines(claimsPath,
        [
            "line_id,beneficiary_id,service_date,code,quantity,billed_amount,provider_id,provider_conventioned,channel,referral",
            "D1,B1,2023-02-01,101076,1,30.00,P1,true,eattest,false",
            "D1,B1,2023-02-02,101076,1,30.00,P1,true,eattest,false",
            "N1,B1,2023-02-03,101076,1,30.00,P1,true,eattest,false",
        ]);
        File.WriteAllLines(Path.Combine(_dir, "beneficiaries.csv"), ["beneficiary_id,birth_date,bim,dmg,household_id", "B1,1970-05-05,false,false,H1"]);
        File.WriteAllLines(Path.Combine(_dir, "households.csv"), ["household_id,year,reference_income,bim_household,chronic", "H1,2023,12000.00,false,false"]);
        var stderr = new StringWriter();
        var code = Program.Run(["calc", "reimbursement", "--claims", claimsPath, "--beneficiaries", Path.Combine(_dir, "beneficiaries.csv"),
            "--households", Path.Combine(_dir, "households.csv"), "--out", Path.Combine(_dir, "results.csv")], new StringWriter(), stderr);
        Assert.True(code == 0, stderr.ToString());
        var rows = File.ReadAllLines(Path.Combine(_dir, "results.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal([("D1", ""), ("D1", ""), ("N1", "0.00")], rows.Select(c => (c[0], c[^2]))); // maf_refund, before supplement_flag
        Assert.Contains($"line id D1 is repeated in the batch ({claimsPath}:2 and {claimsPath}:3)", stderr.ToString());
    }

    [Fact]
    public void Without_households_the_contract_is_unchanged_and_a_household_column_is_refused()
    {
        File.WriteAllLines(Path.Combine(_dir, "claims.csv"), ["line_id,beneficiary_id,service_date,code,quantity,billed_amount,provider_id,provider_conventioned,channel,referral"]);
        File.WriteAllLines(Path.Combine(_dir, "beneficiaries.csv"), ["beneficiary_id,birth_date,bim,dmg,household_id"]);
        var stderr = new StringWriter();
        var code = Program.Run(["calc", "reimbursement", "--claims", Path.Combine(_dir, "claims.csv"),
            "--beneficiaries", Path.Combine(_dir, "beneficiaries.csv"), "--out", Path.Combine(_dir, "results.csv")], new StringWriter(), stderr);
        Assert.Equal(2, code);
        Assert.Contains("household_id", stderr.ToString());
    }
}
