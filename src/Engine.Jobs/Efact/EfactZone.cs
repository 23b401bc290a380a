namespace Engine.Jobs.Efact;

/// <summary>A zone of a fixed-width eFact record: its official number (as used in the rejection codes) and position.</summary>
/// <param name="Number">Official zone number, e.g. "19", "24-25", "204"; rejection codes use <see cref="CodeNumber"/>.</param>
/// <param name="Start">First position, 1-based as in the layout.</param>
/// <param name="Width">Number of characters.</param>
public readonly record struct EfactZone(string Number, int Start, int Width)
{
    public int End => Start + Width - 1;

    /// <summary>The two digits the official codes give the zone (record 20 zone "24-25" -> "24", "8" -> "08").</summary>
    public string CodeNumber
    {
        get
        {
            var digits = new string(Number.TakeWhile(char.IsDigit).ToArray());
            return digits.Length >= 2 ? digits[..2] : digits.PadLeft(2, '0');
        }
    }

    public ReadOnlySpan<char> Of(ReadOnlySpan<char> record) =>
        record.Length >= End ? record.Slice(Start - 1, Width) : ReadOnlySpan<char>.Empty;

    public override string ToString() => $"zone {Number} (positions {Start}-{End})";
}
