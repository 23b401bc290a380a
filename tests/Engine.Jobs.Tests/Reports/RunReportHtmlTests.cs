using System.Text;
using Engine.Core.Money;
using Engine.Jobs.Reports;
using Engine.Jobs.Runs;

namespace Engine.Jobs.Tests.Reports;

/// <summary>report.html built from a summary written by hand: encoded, masked, deterministic, with the comparison worked out.</summary>
public sealed class RunReportHtmlTests
{
    private static RunSummary Summary(string runId, string paid, int transfers, int held, string heldTotal) => new()
    {
        RunId = runId, RunDate = "2026-03-05", AsOf = "2026-03-05T01:00:00Z", RuleSetVersion = "abc", FileFormat = RunFileFormat.Current,
        Lines = 10, Accepted = 9, Rejected = 1, RejectionsByReason = new(StringComparer.Ordinal) { ["code <unknown> & 'odd'"] = 1 },
        Transfers = transfers, PaidTotal = paid, HeldBack = held, HeldBackTotal = heldTotal,
        HeldBackByReason = new(StringComparer.Ordinal) { ["IBAN missing"] = new HeldBackGroup(held, 1, heldTotal) },
        ByPurpose = [new PurposeSummary("ThirdPartyCare", 3, paid, 0, "0.00", 0, "0.00"), new PurposeSummary("DirectRefund", 0, "0.00", held, heldTotal, 0, "0.00")],
        Outputs = ["summary.json"],
    };

    [Fact]
    public void Texts_are_encoded_and_no_iban_nor_niss_is_shown_in_clear()
    {
        var held = new HeldPayee("member", "<b>M1</b>", "BE68539007547034", "IBAN missing (NISS 85.07.30-033.61 given instead)", 2, new Money(12_34));
        var html = Encoding.UTF8.GetString(RunReport.Html(Summary("nightly-2026-03-05", "100.00", 3, 2, "12.34"), [held], null));
        Assert.Contains("code &lt;unknown&gt; &amp; &#39;odd&#39;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;M1&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>M1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("BE68539007547034", html, StringComparison.Ordinal);
        Assert.Contains("BE**********7034", html, StringComparison.Ordinal);
        Assert.DoesNotContain("85.07.30-033.61", html, StringComparison.Ordinal);
        Assert.Contains("No earlier run of this kind", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_amount_is_shown_whole_while_an_eleven_digit_number_is_masked()
    {
        // 123456789.01 has eleven digits but its decimals say it is an amount; 85073003361 could be a NISS.
        var summary = Summary("nightly-2026-03-05", "123456789.01", 1, 0, "0.00") with { Notes = ["member 85073003361 asked"] };
        var html = Encoding.UTF8.GetString(RunReport.Html(summary, [], null));
        Assert.Contains("data-figure=\"paid_total\">123456789.01<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("85073003361", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_comparison_with_the_run_before_gives_the_differences_and_the_same_summary_gives_the_same_bytes()
    {
        var before = Summary("nightly-2026-03-04", "80.25", 5, 0, "0.00");
        var now = Summary("nightly-2026-03-05", "100.00", 3, 2, "12.34");
        var bytes = RunReport.Html(now, [], before);
        Assert.Equal(bytes, RunReport.Html(now, [], before));
        var html = Encoding.UTF8.GetString(bytes);
        // paid 100.00 - 80.25 = +19.75; transfers 3 - 5 = -2; held back 12.34 - 0.00 = +12.34.
        Assert.Contains("<tr><td>paid</td><td class=\"num\">80.25</td><td class=\"num\">100.00</td><td class=\"num\">+19.75</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>transfers</td><td class=\"num\">5</td><td class=\"num\">3</td><td class=\"num\">-2</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">0.00</td><td class=\"num\">12.34</td><td class=\"num\">+12.34</td>", html, StringComparison.Ordinal);
        Assert.Contains("a valid IBAN registered for the payee", html, StringComparison.Ordinal);
    }
}
