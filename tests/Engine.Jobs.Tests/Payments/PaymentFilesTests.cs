using System.Text;
using Engine.Jobs.Payments;

namespace Engine.Jobs.Tests.Payments;

public sealed class PaymentFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("payments-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_then_leaves_an_identical_file_alone()
    {
        var path = Path.Combine(_folder, "a.xml");
        var first = AtomicFile.Write(path, "abc"u8.ToArray());
        Assert.False(first.AlreadyPresent);
        // SHA-256("abc"), the FIPS 180-2 example.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", first.Sha256);
        var again = AtomicFile.Write(path, "abc"u8.ToArray());
        Assert.True(again.AlreadyPresent);
        Assert.Equal(["a.xml"], Directory.GetFiles(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Refuses_to_replace_a_file_with_other_content()
    {
        var path = Path.Combine(_folder, "a.xml");
        AtomicFile.Write(path, "abc"u8.ToArray());
        var ex = Assert.Throws<PaymentFileConflictException>(() => AtomicFile.Write(path, "abd"u8.ToArray()));
        Assert.Contains("already exists with other content", ex.Message);
        Assert.Equal("abc", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Sidecar_reads_like_sha256sum()
    {
        var file = AtomicFile.Write(Path.Combine(_folder, "x.csv"), "abc"u8.ToArray());
        var sidecar = Sha256Sidecar.Write(file);
        Assert.Equal(file.Path + ".sha256", sidecar.Path);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  x.csv\n", File.ReadAllText(sidecar.Path, Encoding.UTF8));
        Assert.True(Sha256Sidecar.Verify(file.Path));
        File.WriteAllText(file.Path, "abd");
        Assert.False(Sha256Sidecar.Verify(file.Path));
    }

    [Fact]
    public void Writes_a_run_and_finds_it_complete_when_run_again()
    {
        var plan = SmallRun.Plan();
        var first = PaymentRunFiles.Write(_folder, plan, SmallRun.Debtor, SmallRun.CreatedAt);
        Assert.False(first.Pain001!.AlreadyPresent);
        Assert.Equal(File.ReadAllBytes(SmallRun.Expected("small.pain001.xml")), File.ReadAllBytes(first.Pain001.Path));
        Assert.Equal(
            ["nightly-2025-03-14.held-back.csv", "nightly-2025-03-14.held-back.csv.sha256", "nightly-2025-03-14.pain001.xml",
             "nightly-2025-03-14.pain001.xml.sha256", "nightly-2025-03-14.remittance.csv", "nightly-2025-03-14.remittance.csv.sha256"],
            Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetFiles(_folder, "*.sha256"), s => Assert.True(Sha256Sidecar.Verify(s[..^".sha256".Length])));

        // A restart that lost the last sidecar: everything else is found identical, the sidecar is written again.
        File.Delete(first.Pain001Sha256!.Path);
        var second = PaymentRunFiles.Write(_folder, SmallRun.Plan(), SmallRun.Debtor, SmallRun.CreatedAt);
        Assert.True(second.Pain001!.AlreadyPresent && second.Remittance.AlreadyPresent && second.HeldBack.AlreadyPresent);
        Assert.False(second.Pain001Sha256!.AlreadyPresent);

        // Another creation instant changes the bytes: the existing payment file is not replaced.
        Assert.Throws<PaymentFileConflictException>(() =>
            PaymentRunFiles.Write(_folder, plan, SmallRun.Debtor, SmallRun.CreatedAt.PlusTicks(10_000_000)));
    }

    [Fact]
    public void Writes_no_payment_file_when_nothing_is_paid()
    {
        var plan = Core.Payments.PaymentGrouping.Plan("empty-run", []);
        var output = PaymentRunFiles.Write(_folder, plan, SmallRun.Debtor, SmallRun.CreatedAt);
        Assert.Null(output.Pain001);
        Assert.Equal("end_to_end_id,execution_date,payee_kind,payee_id,creditor_name,iban,transfer_amount,remittance,purpose,source_ref,item_amount,period_from,period_to,advantage_id,efact_sending\n",
            File.ReadAllText(output.Remittance.Path));
    }
}
