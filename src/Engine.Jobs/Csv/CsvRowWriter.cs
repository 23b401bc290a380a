using System.Buffers;
using System.Buffers.Text;
using System.Text;
using CsvHelper;
using NodaTime;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs;

/// <summary>
/// Writes the bytes <see cref="CsvFile.Writer(Stream, bool)"/> writes, row by row, straight to UTF-8 in a pooled
/// buffer: the files of a run hold hundreds of thousands of rows, and CsvHelper's per-field work (a string per
/// amount and date, its quoting and injection checks through a StreamWriter) was most of their cost. A field that
/// CsvHelper would write as it is (no quote, comma or control character, no leading or trailing space, no leading
/// character of its injection guard) is copied; any other is handed to a CsvHelper writer of the same dialect, so
/// the rare field that needs quoting or the guard gets exactly CsvHelper's bytes. Amounts, dates and numbers are
/// formatted into the buffer, never through a string.
/// </summary>
public sealed class CsvRowWriter : IDisposable
{
    private const int Size = 1 << 16;
    private readonly Stream _output;
    private readonly bool _excel;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Size);
    private int _at;
    private bool _first = true;
    private StringWriter? _oddText;
    private CsvWriter? _odd;

    /// <param name="output">Left open.</param>
    /// <param name="excel">For Excel (a UTF-8 BOM and CsvHelper's injection guard) or plain.</param>
    public CsvRowWriter(Stream output, bool excel)
    {
        _output = output;
        _excel = excel;
        // As StreamWriter: its preamble only at the start of a stream.
        if (excel && !(output.CanSeek && output.Position != 0)) Raw(Encoding.UTF8.Preamble);
    }

    /// <summary>A text field; null is written as an empty field.</summary>
    public void Field(string? value)
    {
        Separator();
        if (string.IsNullOrEmpty(value)) return;
        if (!Plain(value)) value = Odd(value);
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max > _buffer.Length - _at) { Flush(); if (max > _buffer.Length) Grow(max); }
        _at += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_at));
    }

    /// <summary>An amount as <see cref="Money.ToString"/> writes it: "-12.05", "0.50".</summary>
    public void Field(Money value)
    {
        Separator();
        var span = Space(24);
        var cents = value.Cents;
        var n = 0;
        ulong abs;
        if (cents < 0) { span[n++] = (byte)'-'; abs = (ulong)(-(cents + 1)) + 1; }
        else abs = (ulong)cents;
        Utf8Formatter.TryFormat(abs / 100, span[n..], out var written);
        n += written;
        span[n++] = (byte)'.';
        var c = (int)(abs % 100);
        span[n++] = (byte)('0' + c / 10);
        span[n++] = (byte)('0' + c % 10);
        _at += n;
    }

    /// <summary>A whole number, invariant, with at least <paramref name="digits"/> digits (zeros in front), as the custom format "000..." writes it.</summary>
    public void Field(long value, int digits = 1)
    {
        Separator();
        Utf8Formatter.TryFormat(value, Space(24), out var written, new StandardFormat('D', (byte)digits));
        _at += written;
    }

    /// <summary>A date as 'yyyy-MM-dd' (<see cref="NodaTime.Text.LocalDatePattern.Iso"/>); null is an empty field.</summary>
    public void Field(LocalDate? value)
    {
        if (value is not { } d) { Separator(); return; }
        if (d.Year is < 0 or > 9999) { Field(Payments.CsvFiles.Date(d)); return; }
        Separator();
        var span = Space(10);
        Digits(span, d.Year, 4);
        span[4] = (byte)'-';
        Digits(span[5..], d.Month, 2);
        span[7] = (byte)'-';
        Digits(span[8..], d.Day, 2);
        _at += 10;
    }

    public void EndRow()
    {
        if (_at == _buffer.Length) Flush();
        _buffer[_at++] = (byte)'\n';
        _first = true;
    }

    /// <summary>A whole row of text fields.</summary>
    public void Row(IEnumerable<string?> fields)
    {
        foreach (var f in fields) Field(f);
        EndRow();
    }

    public void Flush()
    {
        if (_at == 0) return;
        _output.Write(_buffer, 0, _at);
        _at = 0;
    }

    public void Dispose()
    {
        Flush();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _odd?.Dispose();
    }

    private void Separator()
    {
        if (_first) { _first = false; return; }
        if (_at == _buffer.Length) Flush();
        _buffer[_at++] = (byte)',';
    }

    private Span<byte> Space(int bytes)
    {
        if (_buffer.Length - _at < bytes) Flush();
        return _buffer.AsSpan(_at);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Space(bytes.Length));
        _at += bytes.Length;
    }

    private void Grow(int size)
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = ArrayPool<byte>.Shared.Rent(size);
    }

    private static void Digits(Span<byte> span, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>
    /// Whether CsvHelper writes the field as it is, in both dialects: not quoted (no quote, comma, CR or LF, no space
    /// at either end) and left alone by the injection guard (no =, @, +, - first, no tab or CR; a plain number is
    /// left alone by <see cref="CsvFile"/>'s guard). Stricter than CsvHelper (any control character goes to it).
    /// </summary>
    private static bool Plain(string value)
    {
        var first = value[0];
        if (first is ' ' or '=' or '@' or '+' or '-' && !(first == '-' && CsvFile.IsPlainNumber(value))) return false;
        if (value[^1] == ' ') return false;
        foreach (var c in value)
            if (c < ' ' || c == '"' || c == ',' || c == '\u007f') return false;
        return true;
    }

    /// <summary>The field as CsvHelper writes it (quoted and guarded as its dialect says).</summary>
    private string Odd(string value)
    {
        if (_odd is null)
        {
            _oddText = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            _odd = CsvFile.Writer(_oddText, _excel);
        }
        _odd.WriteField(value);
        _odd.NextRecord();
        var sb = _oddText!.GetStringBuilder();
        var text = sb.ToString(0, sb.Length - 1);
        sb.Clear();
        return text;
    }
}
