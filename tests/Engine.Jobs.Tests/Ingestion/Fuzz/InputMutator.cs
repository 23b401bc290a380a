using System.Text;
using System.Text.RegularExpressions;
using static Engine.Jobs.Efact.EfactLayout;

namespace Engine.Jobs.Tests.Ingestion.Fuzz;

/// <summary>One mutant: its bytes, what was done, and for a local damage which part it touched (the rest must stand).</summary>
/// <param name="DamagedInvoice">eFact: the ordinal (1-based) of the only invoice whose records changed.</param>
/// <param name="DamagedItem">eAttest: the index (0-based) of the only Claim.item whose content changed.</param>
internal sealed record Mutant(string Name, byte[] Content, string What, int? DamagedInvoice = null, int? DamagedItem = null);

/// <summary>
/// A seeded, deterministic mutator of received files: the same seed gives the same mutants on every machine.
/// eFact: byte flips, truncations, insertions, cuts, records duplicated, removed or swapped, a byte order mark, line
/// breaks, a few bytes only, and a local damage inside one line record. eAttest: the same byte damages, nesting (up to
/// well past the limit), entity declarations (external and expanding), values made garbage, elements duplicated or
/// removed, UTF-16, a huge attribute, a flood of elements, and a local damage inside one item.
/// </summary>
internal static class InputMutator
{
    public static Mutant Efact(string seedName, byte[] seed, int index, Random random)
    {
        var records = (seed.Length - HeaderLength) / RecordLength;
        int Record() => random.Next(records);
        var bytes = seed.ToList();
        string what;
        int? damaged = null;
        switch (random.Next(13))
        {
            case 0:
                var flips = random.Next(1, 4);
                for (var i = 0; i < flips; i++) bytes[random.Next(bytes.Count)] = (byte)random.Next(256);
                what = $"{flips} byte(s) flipped";
                break;
            case 1:
                var keep = random.Next(bytes.Count);
                bytes.RemoveRange(keep, bytes.Count - keep);
                what = $"truncated at {keep}";
                break;
            case 2:
                var at = random.Next(bytes.Count + 1);
                var inserted = new byte[random.Next(1, 800)];
                random.NextBytes(inserted);
                bytes.InsertRange(at, inserted);
                what = $"{inserted.Length} bytes inserted at {at}";
                break;
            case 3:
                var from = random.Next(bytes.Count);
                var count = Math.Min(random.Next(1, 1000), bytes.Count - from);
                bytes.RemoveRange(from, count);
                what = $"{count} bytes cut at {from}";
                break;
            case 4:
                var copy = Record();
                bytes.InsertRange(HeaderLength + copy * RecordLength, bytes.GetRange(HeaderLength + copy * RecordLength, RecordLength));
                what = $"record {copy} duplicated";
                break;
            case 5:
                var gone = Record();
                bytes.RemoveRange(HeaderLength + gone * RecordLength, RecordLength);
                what = $"record {gone} removed";
                break;
            case 6:
                var (a, b) = (Record(), Record());
                var ra = bytes.GetRange(HeaderLength + a * RecordLength, RecordLength);
                var rb = bytes.GetRange(HeaderLength + b * RecordLength, RecordLength);
                for (var i = 0; i < RecordLength; i++)
                {
                    bytes[HeaderLength + a * RecordLength + i] = rb[i];
                    bytes[HeaderLength + b * RecordLength + i] = ra[i];
                }
                what = $"records {a} and {b} swapped";
                break;
            case 7:
                bytes.InsertRange(0, [0xEF, 0xBB, 0xBF]);
                what = "UTF-8 byte order mark in front";
                break;
            case 8:
                // A line break after every record, as a text editor would save it.
                var lines = new List<byte>(bytes.Count + records * 2);
                lines.AddRange(bytes.Take(HeaderLength));
                for (var r = 0; r < records; r++) lines.AddRange([.. bytes.GetRange(HeaderLength + r * RecordLength, RecordLength), 13, 10]);
                bytes = lines;
                what = "CR LF after every record";
                break;
            case 9:
                var few = random.Next(0, 7);
                bytes = bytes.Take(few).ToList();
                what = $"{few} bytes only";
                break;
            case 10:
                // A local damage: one byte of one line record changed outside its type, sequence number and nomenclature code
                // (the codes add up into the record 90 and 96 control digits, of the whole sending).
                var lineRecords = Enumerable.Range(0, records)
                    .Where(r => seed[HeaderLength + r * RecordLength] == '5' && seed[HeaderLength + r * RecordLength + 1] == '0').ToList();
                var line = lineRecords[random.Next(lineRecords.Count)];
                int position;
                do position = random.Next(8, RecordLength); while (position is >= 9 and < 16);
                var offset = HeaderLength + line * RecordLength + position;
                byte value;
                do value = (byte)random.Next(256); while (value == seed[offset]);
                bytes[offset] = value;
                damaged = InvoiceOf(seed, line);
                what = $"line record {line} position {position + 1} set to {value}";
                break;
            case 11:
                var zeros = new byte[random.Next(1, 3) * RecordLength];
                Array.Fill(zeros, (byte)'0');
                bytes.InsertRange(HeaderLength + Record() * RecordLength, zeros);
                what = "records of zeros inserted";
                break;
            default:
                var last = random.Next(1, 4);
                bytes.AddRange(Enumerable.Repeat((byte)'9', last * RecordLength));
                what = "records of nines appended";
                break;
        }
        return new Mutant($"fuzz-{index:000000}-{seedName}", [.. bytes], what, DamagedInvoice: damaged);
    }

    /// <summary>The 1-based ordinal of the invoice holding a record: one more for each record 20 up to it.</summary>
    private static int InvoiceOf(byte[] seed, int record) =>
        Enumerable.Range(0, record + 1).Count(r => seed[HeaderLength + r * RecordLength] == '2' && seed[HeaderLength + r * RecordLength + 1] == '0');

    private static readonly Regex Items = new("<item>.*?</item>", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
    private static readonly Regex Values = new("value=\"[^\"]*\"", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));
    private static readonly Regex Elements = new("<([A-Za-z]+)[ >].*?</\\1>", RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(5));

    public static Mutant EAttest(string seedName, byte[] seed, int index, Random random)
    {
        var xml = Encoding.UTF8.GetString(seed);
        var name = $"fuzz-{index:000000}-{seedName}";
        Mutant Text(string text, string what, int? item = null) => new(name, Encoding.UTF8.GetBytes(text), what, DamagedItem: item);
        var bundleEnd = xml.LastIndexOf("</Bundle>", StringComparison.Ordinal);
        switch (random.Next(14))
        {
            case 0:
            {
                var bytes = (byte[])seed.Clone();
                var flips = random.Next(1, 4);
                for (var i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return new Mutant(name, bytes, $"{flips} byte(s) flipped");
            }
            case 1:
                return new Mutant(name, seed[..random.Next(seed.Length)], "truncated");
            case 2:
            {
                var at = random.Next(seed.Length + 1);
                var inserted = new byte[random.Next(1, 300)];
                random.NextBytes(inserted);
                return new Mutant(name, [.. seed[..at], .. inserted, .. seed[at..]], $"{inserted.Length} bytes inserted at {at}");
            }
            case 3:
            {
                // Nesting inside the bundle, from a little to far beyond the limit.
                var depth = random.Next(4) switch { 0 => random.Next(1, 60), 1 => random.Next(60, 200), 2 => random.Next(200, 5_000), _ => 200_000 };
                var nest = new StringBuilder(depth * 7);
                for (var i = 0; i < depth; i++) nest.Append("<a>");
                for (var i = 0; i < depth; i++) nest.Append("</a>");
                return Text(xml.Insert(bundleEnd, nest.ToString()), $"nested {depth} deep");
            }
            case 4:
            {
                var declaration = xml.IndexOf("?>", StringComparison.Ordinal) is var d and >= 0 ? d + 2 : 0;
                var doctype = random.Next(3) switch
                {
                    0 => "<!DOCTYPE Bundle [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
                    1 => "<!DOCTYPE Bundle [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>",
                    _ => "<!DOCTYPE Bundle SYSTEM \"http://127.0.0.1:1/bundle.dtd\">",
                };
                var text = xml.Insert(declaration, doctype);
                var reference = text.IndexOf("<id value=\"", StringComparison.Ordinal);
                if (reference >= 0) text = text.Insert(reference, "&" + (random.Next(2) == 0 ? "x" : "d") + ";");
                return Text(text, "document type with entities");
            }
            case 5:
            {
                var values = Values.Matches(xml);
                var v = values[random.Next(values.Count)];
                var garbage = random.Next(4) switch { 0 => "", 1 => "-12.5", 2 => "\u00e9\u00e8\u4e2d", _ => new string('9', random.Next(1, 40)) };
                return Text(xml[..v.Index] + $"value=\"{garbage}\"" + xml[(v.Index + v.Length)..], $"a value made '{garbage}'");
            }
            case 6:
            {
                var e = Elements.Matches(xml);
                var m = e[random.Next(e.Count)];
                return Text(xml.Insert(m.Index + m.Length, m.Value), $"element {m.Groups[1].Value} duplicated");
            }
            case 7:
            {
                var e = Elements.Matches(xml);
                var m = e[random.Next(e.Count)];
                return Text(xml.Remove(m.Index, m.Length), $"element {m.Groups[1].Value} removed");
            }
            case 8:
            {
                var text = xml.Replace("encoding=\"utf-8\"", "encoding=\"utf-16\"", StringComparison.OrdinalIgnoreCase);
                var bigEndian = random.Next(2) == 0;
                var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
                byte[] bytes = random.Next(2) == 0 ? [.. encoding.GetPreamble(), .. encoding.GetBytes(text)] : encoding.GetBytes(text);
                return new Mutant(name, bytes, $"UTF-16 {(bigEndian ? "BE" : "LE")}");
            }
            case 9:
                return Text(xml.Insert(bundleEnd, $"<meta><tag value=\"{new string('x', random.Next(100_000, 2_000_000))}\"/></meta>"), "a huge attribute");
            case 10:
            {
                var count = random.Next(2) == 0 ? random.Next(100, 5_000) : 60_000;
                var flood = new StringBuilder(count * 4);
                for (var i = 0; i < count; i++) flood.Append("<x/>");
                return Text(xml.Insert(bundleEnd, flood.ToString()), $"{count} empty elements");
            }
            case 11:
            {
                // More items than an attestation may hold.
                var items = Items.Matches(xml);
                if (items.Count == 0) goto default;
                var item = items[0];
                var copies = random.Next(2) == 0 ? random.Next(2, 50) : 1_200;
                return Text(xml.Insert(item.Index + item.Length, string.Concat(Enumerable.Repeat(item.Value, copies))), $"{copies} items more");
            }
            case 12:
            {
                // A local damage: one item's date or amount is no date or amount; the other items must stand.
                var items = Items.Matches(xml);
                if (items.Count == 0) goto default;
                var k = random.Next(items.Count);
                var item = items[k].Value;
                var damaged = random.Next(2) == 0
                    ? Regex.Replace(item, "<servicedDate value=\"[^\"]*\"", "<servicedDate value=\"2024-13-45\"", RegexOptions.None, TimeSpan.FromSeconds(5))
                    : Regex.Replace(item, "(<net>\\s*<value value=\")[^\"]*\"", "${1}-1.00\"", RegexOptions.None, TimeSpan.FromSeconds(5));
                if (damaged == item) goto default;
                return Text(xml[..items[k].Index] + damaged + xml[(items[k].Index + items[k].Length)..], $"item {k + 1} damaged", k);
            }
            default:
                return Text(xml.Insert(0, "\uFEFF"), "a byte order mark in front");
        }
    }
}
