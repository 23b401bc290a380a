using System.Globalization;
using CsvHelper;
using Engine.Core.Money;
using NodaTime;
using NodaTime.Text;

namespace Engine.Jobs;

/// <summary>
/// Typed access to the current row of an input CSV. Every failure is an <see cref="InvalidDataException"/> whose
/// message names the file, the line, the column and the reason.
/// </summary>
public sealed class CsvRow(string file, CsvReader csv)
{
    public int Line => csv.Parser.RawRow;

    /// <summary>
    /// The error of a cell. Its reason often quotes the value found: anything shaped like a NISS or an IBAN is masked, since
    /// the message reaches the console, the import's report and the logs (a misplaced column puts a NISS anywhere).
    /// </summary>
    public InvalidDataException Error(string column, string reason) =>
        new($"{file}:{Line}: column '{column}': {Logging.Redact.Text(reason)}");

    public string Text(string column)
    {
        if (!csv.TryGetField<string>(column, out var v) || v is null) throw Error(column, "is missing");
        v = v.Trim();
        return v.Length > 0 ? v : throw Error(column, "is empty");
    }

    public string? Optional(string column) =>
        csv.TryGetField<string>(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    public LocalDate Date(string column) => ParseDate(column, Text(column));

    public LocalDate? OptionalDate(string column) => Optional(column) is { } s ? ParseDate(column, s) : null;

    private LocalDate ParseDate(string column, string s)
    {
        var r = LocalDatePattern.Iso.Parse(s);
        return r.Success ? r.Value : throw Error(column, $"'{s}' is not a date yyyy-MM-dd");
    }

    public int Int(string column)
    {
        var s = Text(column);
        return int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : throw Error(column, $"'{s}' is not a whole number");
    }

    /// <summary>true or false, in any case (Excel's TRUE/FALSE; VRAI/FAUX, WAAR/ONWAAR): <see cref="CsvDialect.Bool"/>.</summary>
    public bool Bool(string column)
    {
        var s = Text(column);
        return CsvDialect.Bool(s) ?? throw Error(column, $"'{s}' is not true or false");
    }

    /// <summary>A number's text with a decimal dot: in a file separated by ';' (a Belgian Excel) its decimal comma is read as one.</summary>
    private string Number(string s) => csv.Configuration.Delimiter == ";" && !s.Contains('.', StringComparison.Ordinal) ? s.Replace(',', '.') : s;

    /// <summary>An optional decimal number's text, with a dot (<see cref="Number"/>).</summary>
    public string? OptionalNumber(string column) => Optional(column) is { } s ? Number(s) : null;

    /// <summary>An amount with a dot, or in a file separated by ';' (a Belgian Excel) with its decimal comma: 1234,50.</summary>
    public Money Money(string column)
    {
        var s = Number(Text(column));
        return Core.Money.Money.TryParse(s, out var m) ? m : throw Error(column, $"'{s}' is not an amount in euros with a dot and at most two decimals");
    }

    public Money? OptionalMoney(string column) => Optional(column) is null ? null : Money(column);
}
