using System.Globalization;
using NodaTime;

namespace Engine.Jobs.Efact;

/// <summary>
/// A fixed-width record written in place, as ASCII bytes, in the file being written: zones are put at their layout
/// position (1-based). The same zones, padding and refusals as <see cref="RecordBuffer"/>, without a string a zone.
/// </summary>
internal readonly ref struct RecordBytes
{
    private readonly Span<byte> _bytes;

    public RecordBytes(Span<byte> bytes, byte fill = (byte)'0')
    {
        _bytes = bytes;
        bytes.Fill(fill);
    }

    /// <summary>The record's bytes as written so far.</summary>
    public Span<byte> Written => _bytes;

    /// <summary>N zone: right-aligned, left-padded with zeros.</summary>
    public RecordBytes Number(EfactZone zone, long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), $"{zone}: negative value {value}");
        if (Count(value) > zone.Width)
            throw new ArgumentException($"{zone}: '{value.ToString(CultureInfo.InvariantCulture)}' is not at most {zone.Width} digits");
        WriteDigits(Place(zone), value);
        return this;
    }

    public RecordBytes Digits(EfactZone zone, string digits)
    {
        if (digits.Length > zone.Width || !IsDigits(digits))
            throw new ArgumentException($"{zone}: '{digits}' is not at most {zone.Width} digits");
        var place = Place(zone);
        place[..^digits.Length].Fill((byte)'0');
        Ascii(digits, place[^digits.Length..]);
        return this;
    }

    /// <summary>A zone holding a fixed text (e.g. "040", "990", "+0000000").</summary>
    public RecordBytes Fixed(EfactZone zone, string text)
    {
        if (text.Length != zone.Width) throw new ArgumentException($"{zone}: '{text}' is not {zone.Width} characters");
        Ascii(text, Place(zone));
        return this;
    }

    /// <summary>A zone filled with one character (spaces in unused alphanumeric zones).</summary>
    public RecordBytes Fill(EfactZone zone, char c)
    {
        Place(zone).Fill((byte)c);
        return this;
    }

    /// <summary>A zone filled with one character from a position to the end of the record.</summary>
    public RecordBytes FillFrom(int start, char c)
    {
        _bytes[(start - 1)..].Fill((byte)c);
        return this;
    }

    /// <summary>A zone: left-aligned, right-padded with spaces; printable ASCII only.</summary>
    public RecordBytes Text(EfactZone zone, string text)
    {
        if (text.Length > zone.Width)
            throw new ArgumentException($"{zone}: '{text}' is longer than {zone.Width} characters");
        if (text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
            throw new ArgumentException($"{zone}: '{text}' holds characters outside printable ASCII");
        var place = Place(zone);
        Ascii(text, place);
        place[text.Length..].Fill((byte)' ');
        return this;
    }

    /// <summary>S zone: '+' or '-' then the absolute value zero-padded on the remaining width.</summary>
    public RecordBytes Signed(EfactZone zone, long value)
    {
        var magnitude = Math.Abs(value);
        if (Count(magnitude) > zone.Width - 1)
            throw new ArgumentOutOfRangeException(nameof(value), $"{zone}: {value} does not fit {zone.Width - 1} digits");
        var place = Place(zone);
        place[0] = value < 0 ? (byte)'-' : (byte)'+';
        WriteDigits(place[1..], magnitude);
        return this;
    }

    /// <summary>Sign and digits in two zones (records 95/96): sign zone then an unsigned amount zone.</summary>
    public RecordBytes SignedSplit(EfactZone sign, EfactZone amount, long value)
    {
        Place(sign)[0] = value < 0 ? (byte)'-' : (byte)'+';
        return Number(amount, Math.Abs(value));
    }

    /// <summary>Date zone YYYYMMDD; all zeros when absent.</summary>
    public RecordBytes Date(EfactZone zone, LocalDate? date)
    {
        if (date is not { } d) return Fill(zone, '0');
        if (d.Year is < 1 or > 9999) throw new ArgumentOutOfRangeException(nameof(date), $"{zone}: year {d.Year} cannot be written");
        var place = Place(zone);
        WriteDigits(place[..4], d.Year);
        WriteDigits(place[4..6], d.Month);
        WriteDigits(place[6..8], d.Day);
        return this;
    }

    private Span<byte> Place(EfactZone zone) => _bytes.Slice(zone.Start - 1, zone.Width);

    private static bool IsDigits(string s) => !s.AsSpan().ContainsAnyExceptInRange('0', '9');

    private static void Ascii(string text, Span<byte> place)
    {
        for (var i = 0; i < text.Length; i++) place[i] = (byte)text[i];
    }

    /// <summary>The number of decimal digits of a value (1 for 0).</summary>
    private static int Count(long value)
    {
        var count = 1;
        while (value >= 10) { value /= 10; count++; }
        return count;
    }

    /// <summary>A value at most as wide as the place, right-aligned and zero-padded.</summary>
    private static void WriteDigits(Span<byte> place, long value)
    {
        for (var i = place.Length - 1; i >= 0; i--)
        {
            place[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
