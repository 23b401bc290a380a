using System.Globalization;
using System.Xml.Linq;
using Engine.Jobs.Runs;

namespace Engine.Host.Tests.Demo;

/// <summary>The newcomer's first command, end to end, on a small night.</summary>
[Collection("process-wide")]
public sealed class DemoTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-demo-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Code, string Out, string Err) Demo(string folder)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(["demo", "--out", folder, "--members", "400", "--lines", "1500", "--seed", "7"], stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Two_demos_of_the_same_night_write_byte_identical_files_whose_totals_match_the_summary()
    {
        var first = Path.Combine(_root, "a");
        var second = Path.Combine(_root, "b");
        var (code, output, errors) = Demo(first);
        Assert.True(code == 0, output + errors);
        Assert.Equal(0, Demo(second).Code);

        var run = Path.Combine(first, "runs", "nightly-2024-03-05");
        var files = Directory.GetFiles(run).Select(Path.GetFileName).Order().ToList();
        Assert.Contains("nightly-2024-03-05.pain001.xml", files);
        Assert.Contains("results.csv", files);
        Assert.Contains("summary.json", files);
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(run, f!)).AsSpan()
                .SequenceEqual(File.ReadAllBytes(Path.Combine(second, "runs", "nightly-2024-03-05", f!))), $"{f} differs between two demos");

        var summary = RunSummary.FromJson(File.ReadAllText(Path.Combine(run, "summary.json")));
        Assert.True(summary.Lines > 500, $"only {summary.Lines} lines");
        Assert.Contains($"paid {summary.PaidTotal} EUR", output);

        // results.csv: the insurer amounts of accepted lines add up to the summary, and so does the payment file.
        var rows = File.ReadAllLines(Path.Combine(run, "results.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(summary.Lines, rows.Count);
        var insurer = rows.Sum(r => decimal.Parse(r[2], CultureInfo.InvariantCulture));
        Assert.Equal(decimal.Parse(summary.InsurerTotal, CultureInfo.InvariantCulture), insurer);
        var xml = XDocument.Load(Path.Combine(run, "nightly-2024-03-05.pain001.xml"));
        XNamespace ns = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";
        var header = xml.Root!.Element(ns + "CstmrCdtTrfInitn")!.Element(ns + "GrpHdr")!;
        Assert.Equal(summary.PaidTotal, header.Element(ns + "CtrlSum")!.Value);
        Assert.Equal(summary.Transfers.ToString(CultureInfo.InvariantCulture), header.Element(ns + "NbOfTxs")!.Value);
        // Every accepted line is paid or held back: nothing lost. The insurer amounts of the lines other payers pay
        // (docs/payers.md) are in their own files, and the war victims' shares come on top of the insurer amounts: so the
        // insurer, MAF, indemnity and AC totals plus the shares refunded = what every payer paid or held back.
        Assert.True(summary.IndemnityStatements > 0, "the demo pays indemnities");
        Assert.True(summary.AcRequests > 0, "the demo decides AC requests");
        decimal M(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);
        var payers = summary.Payers!;
        Assert.Equal(["insurance", "spp-is", "fedasil", "justice", "war-victims"], payers.Select(p => p.Payer));
        Assert.Equal((summary.PaidTotal, summary.HeldBackTotal), (payers[0].PaidTotal, payers[0].HeldTotal));
        var shares = payers.Single(p => p.Payer == "war-victims");
        Assert.Equal(M(summary.InsurerTotal) + M(summary.MafRefundTotal) + M(summary.IndemnityNetTotal) + M(summary.AcGrantedTotal)
                     + M(shares.PaidTotal) + M(shares.HeldTotal),
            payers.Sum(p => M(p.PaidTotal) + M(p.HeldTotal)));
        // Each payer's pain.001 pays what the summary says it paid, and its statement ends with that total.
        foreach (var p in payers.Skip(1))
        {
            var pain = XDocument.Load(Path.Combine(run, p.PaymentFile!)).Root!.Element(ns + "CstmrCdtTrfInitn")!.Element(ns + "GrpHdr")!;
            Assert.Equal(p.PaidTotal, pain.Element(ns + "CtrlSum")!.Value);
            Assert.EndsWith("," + p.PaidTotal, File.ReadAllLines(Path.Combine(run, p.Statement!))[^1]);
        }
    }

    [Fact]
    public void A_folder_that_is_not_a_demo_folder_is_never_deleted()
    {
        var folder = Path.Combine(_root, "precious");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "mine");
        var (code, _, errors) = Demo(folder);
        Assert.Equal(2, code);
        Assert.Contains("is not a demo folder", errors);
        Assert.True(File.Exists(Path.Combine(folder, "keep.txt")));
    }
}
