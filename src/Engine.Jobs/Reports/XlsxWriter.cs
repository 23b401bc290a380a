using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.IO.MemoryMappedFiles;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace Engine.Jobs.Reports;

/// <summary>
/// An xlsx workbook written straight to its zip, part after part, in the bytes MiniExcel 1.47 writes (FastMode,
/// AutoFilter, TableStyles.None, a header row from the columns, null cells written empty) once every entry of its zip is
/// compressed again (<see cref="CompressionLevel.Optimal"/>) and dated: the same entries in the same order, the same XML
/// (a UTF-8 byte order mark before each part), so the same deflate output and the same file (the tests keep MiniExcel as
/// the oracle).
/// The deflate output of a part depends on how its bytes reach the compressor (given in several writes, the same part
/// compresses to other bytes: zlib-ng's matching starts again where its input ran out), and the dating pass gave each
/// part whole, in one write: so does this writer. A sheet's rows go to a scratch file (its dimension, at its start, says
/// how many: it is written once they are counted, in the room left before them), and the part is given to the zip in one
/// write from the file mapped in memory: while it is compressed the process maps the file's pages (the page cache's,
/// unmapped once written), never holds the sheet in its own memory.
/// </summary>
internal sealed class XlsxWriter : IDisposable
{
    private const int BufferSize = 1 << 17;
    /// <summary>The room left before a sheet's rows for its start (XML declaration, dimension, sheet view: about 500 bytes).</summary>
    private const int Reserved = 1024;

    private readonly ZipArchive _zip;
    private readonly DateTimeOffset _time;
    private readonly string _scratchFolder;
    private readonly string[] _sheets;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _length;
    private FileStream? _scratch;
    // The sheet being written: its columns, rows and the cell of the row met last.
    private int _columns, _row, _column;
    private string? _entry;
    private int _sheetsWritten;

    /// <param name="output">A seekable stream (a file): the zip's local headers are written again once each entry is written, as when it was a MemoryStream.</param>
    /// <param name="scratchFolder">Where a sheet's rows wait to be counted (a hidden file, deleted once copied).</param>
    public XlsxWriter(Stream output, DateTimeOffset time, string scratchFolder, string[] sheets)
    {
        if (!output.CanSeek) throw new ArgumentException("the workbook is written to a seekable stream", nameof(output));
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        _time = time;
        _scratchFolder = scratchFolder;
        _sheets = sheets;
        Part("_rels/.rels", XlsxParts.Rels);
        Part("xl/sharedStrings.xml", XlsxParts.SharedStrings);
    }

    /// <summary>Starts the next sheet (in the order of the sheets given) with its header row.</summary>
    public void StartSheet(params string[] columns)
    {
        if (_entry is not null) throw new InvalidOperationException("a sheet is already open");
        _entry = $"xl/worksheets/sheet{_sheetsWritten + 1}.xml";
        _columns = columns.Length;
        _row = 1;
        _column = 0;
        _length = Reserved;
        Raw("<x:row r=\"1\">"u8);
        for (var c = 0; c < columns.Length; c++)
        {
            Raw("<x:c r=\""u8);
            Reference(c);
            Raw("\" t=\"str\" s=\"1\"><x:v>"u8);
            Text(columns[c]);
            Raw("</x:v></x:c>"u8);
        }
    }

    /// <summary>Starts a row: the cells follow, one per column, in order.</summary>
    public void Row()
    {
        Raw("</x:row><x:row r=\""u8);
        _row++;
        Number(_row);
        Raw("\">"u8);
        _column = 0;
    }

    public void Cell(string? text)
    {
        if (text is null)
        {
            Empty();
            return;
        }
        Raw("<x:c r=\""u8);
        Reference(_column++);
        // MiniExcel keeps the spaces of a text that starts or ends with one (its encoding leaves spaces as they are).
        Raw(text.Length > 0 && (text[0] == ' ' || text[^1] == ' ') ? "\" t=\"str\" s=\"2\" xml:space=\"preserve\"><x:v>"u8 : "\" t=\"str\" s=\"2\"><x:v>"u8);
        Text(text);
        Raw("</x:v></x:c>"u8);
    }

    public void Cell(decimal? number)
    {
        if (number is not { } n)
        {
            Empty();
            return;
        }
        StartNumber();
        Ensure(32);
        if (!n.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture)) throw new InvalidOperationException("decimal");
        _length += written;
        Raw("</x:v></x:c>"u8);
    }

    public void Cell(int? number)
    {
        if (number is not { } n)
        {
            Empty();
            return;
        }
        StartNumber();
        Number(n);
        Raw("</x:v></x:c>"u8);
    }

    private void StartNumber()
    {
        Raw("<x:c r=\""u8);
        Reference(_column++);
        Raw("\" t=\"n\" s=\"2\"><x:v>"u8);
    }

    private void Empty()
    {
        Raw("<x:c r=\""u8);
        Reference(_column++);
        Raw("\" s=\"0\"></x:c>"u8);
    }

    /// <summary>
    /// Ends the sheet: its entry is written, the dimension first (as MiniExcel overwrote its placeholder of 30 spaces:
    /// the reference, its quote, the spaces left), the rows, the auto filter and the (empty) drawing, in one write.
    /// </summary>
    public void EndSheet()
    {
        if (_entry is null) throw new InvalidOperationException("no sheet is open");
        if (_columns is < 2 or > 26) throw new InvalidOperationException("2 to 26 columns");
        Raw("</x:row>"u8);
        var sheet = ++_sheetsWritten;
        var reference = $"A1:{(char)('A' + _columns - 1)}{_row.ToString(CultureInfo.InvariantCulture)}";
        var start = Encoding.UTF8.GetBytes("\uFEFF" + XlsxParts.SheetStart + reference + "\"" + new string(' ', 30 - reference.Length - 1) + "/>"
            + XlsxParts.SheetViews + "<x:sheetData>");
        Raw(Encoding.UTF8.GetBytes($"</x:sheetData><x:autoFilter ref=\"{reference}\" /><x:drawing r:id=\"drawing{sheet}\" /></x:worksheet>"));
        var from = Reserved - start.Length;
        if (from < 0) throw new InvalidOperationException($"a sheet's start of {start.Length} bytes: more than the room left for it");
        using (var stream = Open(_entry))
        {
            if (_scratch is not { Length: > 0 })
            {
                start.CopyTo(_buffer, from);
                stream.Write(_buffer, from, _length - from);
            }
            else
            {
                Spill();
                RandomAccess.Write(_scratch.SafeFileHandle, start, from);
                WriteMapped(_scratch, from, stream);
                _scratch.SetLength(0);
                _scratch.Position = 0;
            }
        }
        _length = 0;
        _entry = null;
    }

    /// <summary>The bytes of <paramref name="file"/> from <paramref name="from"/> to its end, in one write.</summary>
    private static unsafe void WriteMapped(FileStream file, long from, Stream to)
    {
        var length = file.Length - from;
        if (length > int.MaxValue) throw new InvalidOperationException($"a sheet of {length} bytes: more than an xlsx part written whole can hold");
        using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, file.Length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            to.Write(new ReadOnlySpan<byte>(pointer + view.PointerOffset + from, (int)length));
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>The parts after the sheets: styles, drawings (empty), relationships, workbook and content types.</summary>
    public void Finish()
    {
        if (_entry is not null || _sheetsWritten != _sheets.Length) throw new InvalidOperationException("every sheet is written first");
        Part("xl/styles.xml", XlsxParts.Styles);
        for (var i = 1; i <= _sheets.Length; i++) Part($"xl/drawings/_rels/drawing{i}.xml.rels", XlsxParts.DrawingRels);
        for (var i = 1; i <= _sheets.Length; i++) Part($"xl/drawings/drawing{i}.xml", XlsxParts.Drawing);
        for (var i = 1; i <= _sheets.Length; i++) Part($"xl/worksheets/_rels/sheet{i}.xml.rels", XlsxParts.SheetRels(i));
        Part("xl/workbook.xml", XlsxParts.Workbook(_sheets));
        Part("xl/_rels/workbook.xml.rels", XlsxParts.WorkbookRels(_sheets.Length));
        Part("[Content_Types].xml", XlsxParts.ContentTypes(_sheets.Length));
        _zip.Dispose();
    }

    private Stream Open(string name)
    {
        var entry = _zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = _time;
        return entry.Open();
    }

    private void Part(string name, string xml)
    {
        using var stream = Open(name);
        stream.Write(Encoding.UTF8.GetBytes("\uFEFF" + xml));
    }

    private void Reference(int column)
    {
        Ensure(16);
        _buffer[_length++] = (byte)('A' + column);
        _row.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Number(int n)
    {
        Ensure(16);
        n.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > BufferSize)
        {
            // A text longer than the buffer: after the rows so far, straight to the scratch file.
            Spill();
            _scratch!.Write(bytes);
            return;
        }
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>A text as MiniExcel encodes it (<see cref="XlsxText.Encode"/>), in UTF-8.</summary>
    private void Text(string text)
    {
        if (XlsxText.NeedsEncoding(text)) text = XlsxText.Encode(text);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > BufferSize)
        {
            Raw(Encoding.UTF8.GetBytes(text));
            return;
        }
        Ensure(max);
        _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
    }

    /// <summary>Room for <paramref name="bytes"/> more (at most the buffer's size): the rows so far go to the scratch file.</summary>
    private void Ensure(int bytes)
    {
        if (_length + bytes <= BufferSize) return;
        if (bytes > BufferSize) throw new ArgumentOutOfRangeException(nameof(bytes));
        Spill();
    }

    private void Spill()
    {
        _scratch ??= new FileStream(Path.Combine(_scratchFolder, $".workbook-rows.{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 1, FileOptions.DeleteOnClose);
        _scratch.Write(_buffer, 0, _length);
        _length = 0;
    }

    public void Dispose()
    {
        _scratch?.Dispose();
        _scratch = null;
        _zip.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}

/// <summary>How MiniExcel 1.47 writes a text in a cell (its ExcelOpenXmlUtils.EncodeXML).</summary>
internal static partial class XlsxText
{
    /// <summary>False for a text MiniExcel writes as it is (nearly all): no character XML escapes or forbids, no "_x".</summary>
    public static bool NeedsEncoding(string text)
    {
        foreach (var c in text)
            if (c < ' ' || c is '&' or '<' or '>' or '"' or '\'' || c >= '\uD800' && (c <= '\uDFFF' || c >= '\uFFFE')) return true;
        return text.Contains("_x", StringComparison.Ordinal);
    }

    /// <summary>
    /// MiniExcel's encoding, step for step: "_xHHHH_" is escaped as "_x005F_xHHHH_"; each character XML cannot hold
    /// (controls, each half of a surrogate pair, U+FFFE, U+FFFF) becomes its <see cref="XmlConvert.EncodeName"/>; then
    /// &amp; &lt; &gt; &quot; &apos;.
    /// </summary>
    public static string Encode(string text)
    {
        text = Hex().Replace(text, "_x005F_$1_");
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (XmlConvert.IsXmlChar(c)) sb.Append(c);
            else sb.Append(XmlConvert.EncodeName(c.ToString()));
        }
        return sb.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&apos;").ToString();
    }

    [GeneratedRegex("_(x[\\dA-Fa-f]{4})_")]
    private static partial Regex Hex();
}

/// <summary>The parts of MiniExcel's workbook that hold no rows, as it writes them (its ExcelXml templates, minified).</summary>
internal static class XlsxParts
{
    private const string RelationshipsNs = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public const string Rels = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships xmlns=\"" + RelationshipsNs + "\">    <Relationship Type=\""
        + OfficeRelationships + "/officeDocument\" Target=\"xl/workbook.xml\" Id=\"Rfc2254092b6248a9\" /></Relationships>";

    public const string SharedStrings = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"0\" uniqueCount=\"0\"></sst>";

    public const string SheetStart = "<?xml version=\"1.0\" encoding=\"utf-8\"?><x:worksheet xmlns:r=\"" + OfficeRelationships
        + "\" xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" ><x:dimension ref=\"";

    public const string SheetViews = "<x:sheetViews><x:sheetView tabSelected=\"0\" workbookViewId=\"0\" rightToLeft=\"0\"><x:pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><x:selection pane=\"bottomLeft\"/></x:sheetView></x:sheetViews>";

    // TableStyles.None's styles, as MiniExcel writes them (not minified: new lines and indents).
    public const string Styles = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<x:styleSheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\n"
        + "  <x:numFmts count=\"0\"></x:numFmts>\n  <x:fonts count=\"1\">\n    <x:font></x:font>\n  </x:fonts>\n  <x:fills count=\"1\">\n    <x:fill></x:fill>\n  </x:fills>\n"
        + "  <x:borders count=\"1\">\n    <x:border></x:border>\n  </x:borders>\n  <x:cellStyleXfs count=\"1\">\n    <x:xf></x:xf>\n  </x:cellStyleXfs>\n"
        + "  <x:cellXfs count=\"6\">\n"
        + "    <x:xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" />\n"
        + "    <x:xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" />\n"
        + "    <x:xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" />\n"
        + "    <x:xf numFmtId=\"14\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" />\n"
        + "    <x:xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" />\n"
        + "    <x:xf numFmtId=\"21\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" />\n"
        + "  </x:cellXfs>\n</x:styleSheet>";

    // Not minified by MiniExcel (a const): its new lines as they are in its source (CR LF).
    public const string DrawingRels = "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"" + RelationshipsNs + "\">\r\n    \r\n</Relationships>";

    public const string Drawing = "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?><xdr:wsDr xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"    xmlns:r=\""
        + OfficeRelationships + "\"    xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\">    </xdr:wsDr>";

    public static string SheetRels(int sheet) => "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"" + RelationshipsNs
        + "\">    <Relationship Type=\"" + OfficeRelationships + $"/drawing\" Target=\"../drawings/drawing{sheet}.xml\" Id=\"drawing{sheet}\" /></Relationships>";

    public static string Workbook(string[] sheets)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><x:workbook xmlns:r=\"" + OfficeRelationships
            + "\"    xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">    <x:sheets>        ");
        for (var i = 0; i < sheets.Length; i++)
            xml.Append($"<x:sheet name=\"{XlsxText.Encode(sheets[i])}\" sheetId=\"{i + 1}\" state=\"visible\" r:id=\"rId{i + 1}\" />").Append(Environment.NewLine);
        return xml.Append("    </x:sheets></x:workbook>").ToString();
    }

    public static string WorkbookRels(int sheets)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><Relationships xmlns=\"" + RelationshipsNs + "\">    ");
        for (var i = 1; i <= sheets; i++)
            xml.Append($"<Relationship Type=\"{OfficeRelationships}/worksheet\" Target=\"/xl/worksheets/sheet{i}.xml\" Id=\"rId{i}\" />").Append(Environment.NewLine);
        return xml.Append("    <Relationship Type=\"" + OfficeRelationships + "/styles\" Target=\"/xl/styles.xml\" Id=\"R3db9602ace774fdb\" />    <Relationship Type=\""
            + OfficeRelationships + "/sharedStrings\" Target=\"/xl/sharedStrings.xml\" Id=\"R3db9602ace778fdb\" /></Relationships>").ToString();
    }

    public static string ContentTypes(int sheets)
    {
        const string officeDocument = "application/vnd.openxmlformats-officedocument.";
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default ContentType=\"" + officeDocument + "spreadsheetml.printerSettings\" Extension=\"bin\"/><Default ContentType=\"application/xml\" Extension=\"xml\"/>"
            + "<Default ContentType=\"image/jpeg\" Extension=\"jpg\"/><Default ContentType=\"image/png\" Extension=\"png\"/><Default ContentType=\"image/gif\" Extension=\"gif\"/>"
            + "<Default ContentType=\"application/vnd.openxmlformats-package.relationships+xml\" Extension=\"rels\"/>");
        void Override(string type, string part) => xml.Append($"<Override ContentType=\"{type}\" PartName=\"/{part}\" />");
        Override("application/vnd.openxmlformats-package.relationships+xml", "_rels/.rels");
        Override(officeDocument + "spreadsheetml.sharedStrings+xml", "xl/sharedStrings.xml");
        for (var i = 1; i <= sheets; i++) Override(officeDocument + "spreadsheetml.worksheet+xml", $"xl/worksheets/sheet{i}.xml");
        Override(officeDocument + "spreadsheetml.styles+xml", "xl/styles.xml");
        for (var i = 1; i <= sheets; i++) Override(officeDocument + "drawing+xml", $"xl/drawings/drawing{i}.xml");
        Override(officeDocument + "spreadsheetml.sheet.main+xml", "xl/workbook.xml");
        return xml.Append("</Types>").ToString();
    }
}
