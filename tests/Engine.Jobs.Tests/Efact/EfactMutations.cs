using Engine.Jobs.Efact;

namespace Engine.Jobs.Tests.Efact;

internal static class EfactMutations
{
    public static byte[] Apply(byte[] file, MutatedSending m)
    {
        var bytes = file.ToList();
        var records = (file.Length - 227) / 350;
        int Pos(int x) => x % file.Length;
        int Rec(int x) => x % records;
        switch (m.Kind)
        {
            case MutationKind.FlipByte:
                bytes[Pos(m.A)] = m.Value;
                break;
            case MutationKind.CutRange:
                var from = Pos(m.A);
                bytes.RemoveRange(from, Math.Min(m.B % 700 + 1, bytes.Count - from));
                break;
            case MutationKind.InsertBytes:
                bytes.InsertRange(Pos(m.A), Enumerable.Repeat(m.Value, m.B % 400 + 1));
                break;
            case MutationKind.SwapBytes:
                (bytes[Pos(m.A)], bytes[Pos(m.B)]) = (bytes[Pos(m.B)], bytes[Pos(m.A)]);
                break;
            case MutationKind.DeleteRecord:
                bytes.RemoveRange(227 + Rec(m.A) * 350, 350);
                break;
            case MutationKind.DuplicateRecord:
                var at = 227 + Rec(m.A) * 350;
                bytes.InsertRange(at, bytes.GetRange(at, 350));
                break;
            case MutationKind.SwapRecords:
                var (r1, r2) = (Rec(m.A), Rec(m.B));
                var one = bytes.GetRange(227 + r1 * 350, 350);
                var two = bytes.GetRange(227 + r2 * 350, 350);
                bytes.RemoveRange(227 + r1 * 350, 350); bytes.InsertRange(227 + r1 * 350, two);
                bytes.RemoveRange(227 + r2 * 350, 350); bytes.InsertRange(227 + r2 * 350, one);
                break;
            case MutationKind.FlipLineReference:
                // one character of the sender reference (positions 138-162) of one record 50 becomes a digit of another
                // check value (the check digits weigh a and A alike, so a change of case alone goes unseen).
                var lines = Enumerable.Range(0, records).Where(r => file[227 + r * 350] == '5' && file[228 + r * 350] == '0').ToList();
                var pos = 227 + lines[m.A % lines.Count] * 350 + 137 + m.A % 25;
                var digit = (byte)('0' + m.Value % 10);
                bytes[pos] = digit == file[pos] ? (byte)('0' + (m.Value + 1) % 10) : digit;
                break;
        }
        return bytes.ToArray();
    }

    /// <summary>Byte range (offset, length) of each invoice in the written file, in file order.</summary>
    public static List<(int Start, int Length)> InvoiceRanges(EfactSending s)
    {
        var ranges = new List<(int, int)>();
        var at = 227 + 350;
        foreach (var invoice in EfactWriter.InFileOrder(s))
        {
            var length = (2 + invoice.Lines.Count) * 350;
            ranges.Add((at, length));
            at += length;
        }
        return ranges;
    }

    public static bool SameBytes(byte[] a, byte[] b, int start, int length) =>
        b.Length >= start + length && a.AsSpan(start, length).SequenceEqual(b.AsSpan(start, length));
}
