using System.Globalization;
using NodaTime;

using Engine.Jobs.Efact;

namespace Engine.Jobs.Tests.Efact.Oracle;

/// <summary>The record writer the string eFact writer used (<see cref="StringEfactWriter"/>).</summary>
internal sealed class StringRecordBuffer
{
    private readonly char[] _chars;

    public StringRecordBuffer(int length, char fill = '0')
    {
        _chars = new char[length];
        Array.Fill(_chars, fill);
    }

    /// <summary>N zone: right-aligned, left-padded with zeros.</summary>
    public StringRecordBuffer Number(EfactZone zone, long value)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(nameof(value), $"{zone}: negative value {value}");
        return Digits(zone, value.ToString(CultureInfo.InvariantCulture));
    }

    public StringRecordBuffer Digits(EfactZone zone, string digits)
    {
        if (digits.Length > zone.Width || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException($"{zone}: '{digits}' is not at most {zone.Width} digits");
        return Put(zone, digits.PadLeft(zone.Width, '0'));
    }

    /// <summary>A zone holding a fixed text (e.g. "040", "990", "+0000000").</summary>
    public StringRecordBuffer Fixed(EfactZone zone, string text)
    {
        if (text.Length != zone.Width) throw new ArgumentException($"{zone}: '{text}' is not {zone.Width} characters");
        return Put(zone, text);
    }

    /// <summary>A zone filled with one character (spaces in unused alphanumeric zones).</summary>
    public StringRecordBuffer Fill(EfactZone zone, char c) => Put(zone, new string(c, zone.Width));

    /// <summary>A zone filled with one character from a position to the end of the record.</summary>
    public StringRecordBuffer FillFrom(int start, char c)
    {
        Array.Fill(_chars, c, start - 1, _chars.Length - start + 1);
        return this;
    }

    /// <summary>A zone: left-aligned, right-padded with spaces; printable ASCII only.</summary>
    public StringRecordBuffer Text(EfactZone zone, string text)
    {
        if (text.Length > zone.Width)
            throw new ArgumentException($"{zone}: '{text}' is longer than {zone.Width} characters");
        if (!text.All(c => c is >= ' ' and <= '~'))
            throw new ArgumentException($"{zone}: '{text}' holds characters outside printable ASCII");
        return Put(zone, text.PadRight(zone.Width, ' '));
    }

    /// <summary>S zone: '+' or '-' then the absolute value zero-padded on the remaining width.</summary>
    public StringRecordBuffer Signed(EfactZone zone, long value)
    {
        var digits = Math.Abs(value).ToString(CultureInfo.InvariantCulture);
        if (digits.Length > zone.Width - 1)
            throw new ArgumentOutOfRangeException(nameof(value), $"{zone}: {value} does not fit {zone.Width - 1} digits");
        return Put(zone, (value < 0 ? "-" : "+") + digits.PadLeft(zone.Width - 1, '0'));
    }

    /// <summary>Sign and digits in two zones (records 95/96): sign zone then an unsigned amount zone.</summary>
    public StringRecordBuffer SignedSplit(EfactZone sign, EfactZone amount, long value)
    {
        Put(sign, value < 0 ? "-" : "+");
        return Number(amount, Math.Abs(value));
    }

    /// <summary>Date zone YYYYMMDD; all zeros when absent.</summary>
    public StringRecordBuffer Date(EfactZone zone, LocalDate? date)
    {
        if (date is not { } d) return Fill(zone, '0');
        if (d.Year is < 1 or > 9999) throw new ArgumentOutOfRangeException(nameof(date), $"{zone}: year {d.Year} cannot be written");
        return Put(zone, d.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
    }

    private StringRecordBuffer Put(EfactZone zone, string text)
    {
        text.CopyTo(0, _chars, zone.Start - 1, zone.Width);
        return this;
    }

    public override string ToString() => new(_chars);
}
