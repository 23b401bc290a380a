using System.Globalization;
using System.Net;
using System.Text;
using Engine.Jobs.Logging;

namespace Engine.Jobs.Reports;

/// <summary>
/// A self-contained HTML page (inline CSS, inline SVG, no script, no external resource) built in a fixed order, so the
/// same figures give the same bytes. Every text is HTML-encoded and masked (<see cref="Redact.Text"/>: no NISS nor
/// IBAN in clear); figures carry a data-figure attribute naming the summary field they show, so a test can read them
/// back from the page a browser renders.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _b = new();

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2em auto;max-width:72em;color:#1b1b1b;padding:0 1em}
        h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:2em;border-bottom:2px solid #2b5797;padding-bottom:.2em}
        h3{font-size:1.05em;margin-top:1.4em}
        table{border-collapse:collapse;margin:.6em 0 1em}th,td{border:1px solid #c8c8c8;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#eef2f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .meta td:first-child{font-weight:600}.note{color:#555}.none{color:#777;font-style:italic}
        td.hash{font-family:ui-monospace,monospace;font-size:.8em;word-break:break-all;max-width:32em}.ok{color:#1d6b2f;font-weight:600}.bad{color:#a4262c;font-weight:600}
        svg{display:block;margin:.5em 0 1em}svg text{font-family:inherit;font-size:12px}
        @media print{h2{break-after:avoid}table{break-inside:auto}}
        """;

    public Html(string title)
    {
        _b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Text(title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        _b.Append("<h1>").Append(Text(title)).Append("</h1>\n");
    }

    /// <summary>
    /// Encoded, NISS and IBAN masked. An amount (a plain number with its decimals, 123456789.01) is no NISS though it
    /// may hold eleven digits: it is shown as it is.
    /// </summary>
    public static string Text(string? text) =>
        WebUtility.HtmlEncode(text is not null && text.Contains('.') && CsvFile.IsPlainNumber(text) ? text : Redact.Text(text ?? ""));

    public Html H2(string title, string id) { _b.Append($"<h2 id=\"{id}\">").Append(Text(title)).Append("</h2>\n"); return this; }

    public Html H3(string title) { _b.Append("<h3>").Append(Text(title)).Append("</h3>\n"); return this; }

    public Html P(string text, string cls = "note") { _b.Append($"<p class=\"{cls}\">").Append(Text(text)).Append("</p>\n"); return this; }

    /// <summary>A paragraph whose figure carries data-figure.</summary>
    public Html Figure(string label, string figure, string value, string cls = "")
    {
        _b.Append("<p").Append(cls.Length > 0 ? $" class=\"{cls}\"" : "").Append('>').Append(Text(label)).Append(": <strong data-figure=\"")
            .Append(figure).Append("\">").Append(Text(value)).Append("</strong></p>\n");
        return this;
    }

    /// <summary>
    /// A table: columns (a trailing '#' marks a number, right-aligned), rows of cells; a cell's figure (or null) becomes
    /// its data-figure attribute.
    /// </summary>
    public Html Table(string id, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<Cell>> rows, string empty = "none")
    {
        var list = rows.ToList();
        if (list.Count == 0) return P(empty, "none");
        _b.Append($"<table id=\"{id}\">\n");
        // A table of names and values (no column titles) has no header row.
        if (columns.Any(c => c.TrimEnd('#').Length > 0))
        {
            _b.Append("<thead><tr>");
            foreach (var c in columns)
                _b.Append(c.EndsWith('#') ? "<th class=\"num\">" : "<th>").Append(Text(c.TrimEnd('#'))).Append("</th>");
            _b.Append("</tr></thead>\n");
        }
        _b.Append("<tbody>\n");
        foreach (var row in list)
        {
            _b.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
            {
                var cell = row[i];
                _b.Append(i < columns.Count && columns[i].EndsWith('#') ? "<td class=\"num\"" : cell.Masked ? "<td" : "<td class=\"hash\"");
                if (cell.Figure is not null) _b.Append(" data-figure=\"").Append(WebUtility.HtmlEncode(cell.Figure)).Append('"');
                _b.Append('>').Append(cell.Masked ? Text(cell.Value) : WebUtility.HtmlEncode(cell.Value ?? "")).Append("</td>");
            }
            _b.Append("</tr>\n");
        }
        _b.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>
    /// A horizontal bar chart in SVG: one bar per label, its length proportional to the value (euros or counts, never
    /// negative here), the value written at its end.
    /// </summary>
    public Html Bars(string id, string caption, IReadOnlyList<(string Label, decimal Value, string Shown)> bars)
    {
        if (bars.Count == 0 || bars.All(b => b.Value <= 0)) return this;
        const int labelWidth = 260, barWidth = 420, rowHeight = 22, valueWidth = 120;
        var max = bars.Max(b => b.Value);
        var height = bars.Count * rowHeight + 8;
        _b.Append(Inv($"<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{labelWidth + barWidth + valueWidth}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barWidth + valueWidth} {height}\">\n"));
        _b.Append("<title>").Append(Text(caption)).Append("</title>\n");
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, shown) = bars[i];
            var y = 4 + i * rowHeight;
            var w = max <= 0 || value <= 0 ? 0 : Math.Max(1, (int)Math.Round(value / max * barWidth, MidpointRounding.AwayFromZero));
            _b.Append(Inv($"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" text-anchor=\"end\">")).Append(Text(Short(label))).Append("</text>");
            _b.Append(Inv($"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{w}\" height=\"{rowHeight - 6}\" fill=\"#2b5797\"></rect>"));
            _b.Append(Inv($"<text x=\"{labelWidth + w + 6}\" y=\"{y + 15}\">")).Append(Text(shown)).Append("</text>\n");
        }
        _b.Append("</svg>\n");
        return this;
    }

    /// <summary>Two series side by side (paid and held back, by purpose): a grouped bar chart in SVG.</summary>
    public Html PairedBars(string id, string caption, string first, string second, IReadOnlyList<(string Label, decimal A, decimal B)> groups)
    {
        if (groups.Count == 0 || groups.All(g => g.A <= 0 && g.B <= 0)) return this;
        const int labelWidth = 200, barWidth = 460, rowHeight = 36, legend = 24;
        var max = groups.Max(g => Math.Max(g.A, g.B));
        var height = legend + groups.Count * rowHeight + 4;
        _b.Append(Inv($"<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{labelWidth + barWidth + 120}\" height=\"{height}\" viewBox=\"0 0 {labelWidth + barWidth + 120} {height}\">\n"));
        _b.Append("<title>").Append(Text(caption)).Append("</title>\n");
        _b.Append(Inv($"<rect x=\"{labelWidth}\" y=\"4\" width=\"12\" height=\"12\" fill=\"#2b5797\"></rect><text x=\"{labelWidth + 16}\" y=\"14\">")).Append(Text(first))
            .Append(Inv($"</text><rect x=\"{labelWidth + 120}\" y=\"4\" width=\"12\" height=\"12\" fill=\"#d9822b\"></rect><text x=\"{labelWidth + 136}\" y=\"14\">"))
            .Append(Text(second)).Append("</text>\n");
        for (var i = 0; i < groups.Count; i++)
        {
            var (label, a, b) = groups[i];
            var y = legend + i * rowHeight;
            int W(decimal v) => max <= 0 || v <= 0 ? 0 : Math.Max(1, (int)Math.Round(v / max * barWidth, MidpointRounding.AwayFromZero));
            _b.Append(Inv($"<text x=\"{labelWidth - 6}\" y=\"{y + 18}\" text-anchor=\"end\">")).Append(Text(label)).Append("</text>");
            _b.Append(Inv($"<rect x=\"{labelWidth}\" y=\"{y + 2}\" width=\"{W(a)}\" height=\"14\" fill=\"#2b5797\"></rect>"));
            _b.Append(Inv($"<text x=\"{labelWidth + W(a) + 6}\" y=\"{y + 14}\">")).Append(Text(a.ToString("0.00", CultureInfo.InvariantCulture))).Append("</text>");
            _b.Append(Inv($"<rect x=\"{labelWidth}\" y=\"{y + 18}\" width=\"{W(b)}\" height=\"14\" fill=\"#d9822b\"></rect>"));
            _b.Append(Inv($"<text x=\"{labelWidth + W(b) + 6}\" y=\"{y + 30}\">")).Append(Text(b.ToString("0.00", CultureInfo.InvariantCulture))).Append("</text>\n");
        }
        _b.Append("</svg>\n");
        return this;
    }

    public Html Raw(string html) { _b.Append(html); return this; }

    public byte[] Bytes()
    {
        _b.Append("</body>\n</html>\n");
        return new UTF8Encoding(false).GetBytes(_b.ToString());
    }

    private static string Short(string label) => label.Length <= 40 ? label : label[..39] + "…";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// One table cell: its text and, for a figure the test reads back, the name of what it shows. Masked unless said
/// otherwise (a SHA-256 in hex may hold eleven digits in a row, which is no NISS).
/// </summary>
internal readonly record struct Cell(string? Value, string? Figure = null, bool Masked = true)
{
    public static Cell Hash(string? value) => new(value, null, false);

    public static implicit operator Cell(string? value) => new(value);
    public static implicit operator Cell(int value) => new(value.ToString(CultureInfo.InvariantCulture));
}
