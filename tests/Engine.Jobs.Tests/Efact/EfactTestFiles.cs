using System.Text;
using Engine.Jobs.Efact;

namespace Engine.Jobs.Tests.Efact;

/// <summary>Edits of written files for the tests: change a zone, then (by default) put the record check digits right again.</summary>
internal static class EfactTestFiles
{
    public static string Record(string file, int index) => file.Substring(227 + index * 350, 350);

    public static string SetZone(string file, int index, int start, string value, bool restamp = true)
    {
        var at = 227 + index * 350;
        var record = file.Substring(at, 350).ToCharArray();
        value.CopyTo(0, record, start - 1, value.Length);
        if (restamp && index < RecordCountBefore95(file))
            EfactCheckDigits.ForRecord(new string(record)).ToString("00").CopyTo(0, record, 348, 2);
        return file[..at] + new string(record) + file[(at + 350)..];
    }

    private static int RecordCountBefore95(string file)
    {
        var n = (file.Length - 227) / 350;
        for (var i = 0; i < n; i++) if (Record(file, i).StartsWith("95")) return i;
        return n;
    }

    public static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    public static EfactReadResult Read(string text, IEfactReferenceData? data = null) =>
        EfactReader.Read("test.efact", Bytes(text), data);
}
