using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using NodaTime;

namespace Engine.Jobs.Efact;

/// <summary>
/// One 350-character record of a file being read, with where it lies. An invoice's records are read from one character
/// buffer the reader lends (<see cref="Attach"/>) and takes back once the invoice is read (<see cref="Release"/>): no
/// string per record or zone on the way of a sound file. A record read outside it (records 10, 90, 95, 96, a rejection
/// shown later) makes its text from the file's bytes when first asked.
/// </summary>
internal sealed class RecordView
{
    private readonly byte[] _content;
    private string? _text;
    private char[]? _chars;
    private int _at;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RecordView(byte[] content, int index, long offset)
    {
        _content = content;
        Index = index;
        Offset = offset;
        var (a, b) = ((char)content[offset], (char)content[offset + 1]);
        Type = KnownType(a, b) ?? Printable(new string([a, b]));
        TypeIsNumeric = a is >= '0' and <= '9' && b is >= '0' and <= '9';
        var sequence = 0;
        for (var i = 2; i < 8; i++)
        {
            var c = content[offset + i];
            if (c is < (byte)'0' or > (byte)'9') { sequence = -1; break; }
            sequence = sequence * 10 + (c - '0');
        }
        Sequence = sequence < 0 ? null : sequence;
    }

    /// <summary>The record as text, one character per byte (Latin-1).</summary>
    public string Text => _text ??= Encoding.Latin1.GetString(_content, (int)Offset, EfactLayout.RecordLength);

    /// <summary>The record's characters: from the lent buffer while attached, else from its text.</summary>
    public ReadOnlySpan<char> Chars => _chars is { } chars ? chars.AsSpan(_at, EfactLayout.RecordLength) : Text.AsSpan();

    /// <summary>Reads the record into <paramref name="buffer"/> at <paramref name="at"/> (Latin-1, one character per byte)
    /// and reads it from there until <see cref="Release"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Attach(char[] buffer, int at)
    {
        Encoding.Latin1.GetChars(_content.AsSpan((int)Offset, EfactLayout.RecordLength), buffer.AsSpan(at, EfactLayout.RecordLength));
        _chars = buffer;
        _at = at;
    }

    /// <summary>Lets the text and the lent buffer go; the text is made again from the bytes if asked for (a rejection
    /// shown later).</summary>
    public void Release()
    {
        _text = null;
        _chars = null;
    }

    /// <summary>0-based position among the records (record 10 is 0).</summary>
    public int Index { get; }

    public long Offset { get; }

    /// <summary>Zone 1 as found, made printable ("5?" for a damaged type).</summary>
    public string Type { get; }

    public bool TypeIsNumeric { get; }

    /// <summary>Zone 2 when it is six digits.</summary>
    public int? Sequence { get; }

    public string Raw(EfactZone zone) => Span(zone).ToString();

    /// <summary>A zone without copying it: the checks of a sound zone allocate nothing.</summary>
    public ReadOnlySpan<char> Span(EfactZone zone) => Chars.Slice(zone.Start - 1, zone.Width);

    private static readonly string[] KnownTypes = ["10", "20", "50", "51", "52", "80", "90", "95", "96"];

    /// <summary>The shared string of a record type of the layout (one string per type, not one per record).</summary>
    private static string? KnownType(char a, char b)
    {
        foreach (var known in KnownTypes)
            if (a == known[0] && b == known[1]) return known;
        return null;
    }

    public static bool AllDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return true;
    }

    public static bool AllChar(ReadOnlySpan<char> s, char c)
    {
        foreach (var x in s) if (x != c) return false;
        return true;
    }

    /// <summary>Text safe to show in a message: non-printable characters become '?'.</summary>
    public static string Printable(string s) =>
        string.Create(s.Length, s, (span, src) =>
        {
            for (var i = 0; i < src.Length; i++) span[i] = src[i] is >= ' ' and <= '~' ? src[i] : '?';
        });

    /// <summary>YYYYMMDD as a date; null when not eight digits or not a real day.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LocalDate? ParseDate(ReadOnlySpan<char> s)
    {
        if (s.Length != 8 || !AllDigits(s)) return null;
        var year = int.Parse(s[..4], CultureInfo.InvariantCulture);
        var month = int.Parse(s[4..6], CultureInfo.InvariantCulture);
        var day = int.Parse(s[6..8], CultureInfo.InvariantCulture);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > CalendarSystem.Iso.GetDaysInMonth(year, month)) return null;
        return new LocalDate(year, month, day);
    }
}

/// <summary>
/// Reads the zones of one record and records a rejection, with the record's type, sequence, offset and zone, for
/// every zone that does not hold what the layout requires. Every method returns null for a zone it refused.
/// </summary>
internal readonly struct ZoneChecker(RecordView record, List<EfactRejection> sink)
{
    public RecordView Record { get; } = record;

    public string Raw(EfactZone zone) => Record.Raw(zone);

    public void Reject(EfactZone zone, EfactError error, string detail) =>
        sink.Add(new EfactRejection(Record.Type, Record.Sequence, Record.Offset, zone.Number, error, detail));

    /// <summary>Shows a zone's content in a message, or hides it for identifiers that must not appear in logs.</summary>
    public string Show(EfactZone zone, bool sensitive = false) =>
        sensitive ? $"({zone.Width} characters, not shown)" : $"'{RecordView.Printable(Raw(zone))}'";

    public ReadOnlySpan<char> Span(EfactZone zone) => Record.Span(zone);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long? Digits(EfactZone zone, EfactError notNumeric, bool sensitive = false)
    {
        var raw = Span(zone);
        if (RecordView.AllDigits(raw)) return long.Parse(raw, CultureInfo.InvariantCulture);
        Reject(zone, notNumeric, $"{Show(zone, sensitive)} is not {zone.Width} digits");
        return null;
    }

    /// <summary>A date zone; all zeros means absent (null) when <paramref name="optional"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (bool Ok, LocalDate? Date) Date(EfactZone zone, EfactError bad, bool optional)
    {
        var raw = Span(zone);
        if (optional && RecordView.AllChar(raw, '0')) return (true, null);
        if (RecordView.ParseDate(raw) is { } d) return (true, d);
        Reject(zone, bad, $"{Show(zone)} is not a date YYYYMMDD{(optional ? " (or zeros)" : "")}");
        return (false, null);
    }

    /// <summary>A signed zone: '+' or '-', then digits (cents or units).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long? Signed(EfactZone zone, EfactError notNumeric, EfactError sign, EfactError signInDigits)
    {
        var raw = Span(zone);
        if (raw[0] is not ('+' or '-'))
        {
            Reject(zone, sign, $"{Show(zone)} does not start with + or -");
            return null;
        }
        var digits = raw[1..];
        if (digits.IndexOfAny('+', '-') >= 0)
        {
            Reject(zone, signInDigits, $"{Show(zone)} holds a sign among its digits");
            return null;
        }
        if (!RecordView.AllDigits(digits))
        {
            Reject(zone, notNumeric, $"{Show(zone)} is not a sign followed by {zone.Width - 1} digits");
            return null;
        }
        var value = long.Parse(digits, CultureInfo.InvariantCulture);
        return raw[0] == '-' ? -value : value;
    }

    public string Text(EfactZone zone) => Span(zone).TrimEnd(' ') is { IsEmpty: false } text ? text.ToString() : "";

    /// <summary>Zone 99 against §5.1; true when right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool CheckDigits(EfactError wrong)
    {
        var raw = Span(EfactLayout.Common.CheckDigits);
        var value = EfactCheckDigits.ForRecord(Record.Chars); // 1 .. 97, written on two digits
        if (raw.Length == 2 && raw[0] == (char)('0' + value / 10) && raw[1] == (char)('0' + value % 10)) return true;
        var expected = value.ToString("00", CultureInfo.InvariantCulture);
        Reject(EfactLayout.Common.CheckDigits, wrong, $"'{RecordView.Printable(raw.ToString())}' where positions 1-348 give {expected}");
        return false;
    }
}
