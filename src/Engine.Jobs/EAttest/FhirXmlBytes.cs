using System.Text;

namespace Engine.Jobs.EAttest;

/// <summary>
/// Writes the FHIR XML form straight to UTF-8 bytes, in the layout the answers have always had (the XmlWriter's over
/// an XDocument: declaration, elements in the FHIR namespace indented by two spaces, lines ended by \n, empty elements
/// as <c>&lt;name value="..." /&gt;</c>). Only elements and attributes: every value passes <see cref="Fhir.Safe"/>, so
/// it holds no character XML forbids. The buffer is one thread's, reused from answer to answer.
/// </summary>
internal sealed class FhirXmlBytes
{
    [ThreadStatic] private static FhirXmlBytes? _cached;

    private byte[] _buffer = new byte[16 * 1024];
    private int _length;
    private readonly List<string> _open = [];
    private bool _startTagOpen;

    public static FhirXmlBytes Start()
    {
        var writer = _cached ?? new FhirXmlBytes();
        _cached = null;
        writer._length = 0;
        writer._open.Clear();
        writer._startTagOpen = false;
        writer.Raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8);
        return writer;
    }

    /// <summary>The document's bytes; the writer goes back to its thread for the next document.</summary>
    public byte[] Finish()
    {
        var bytes = _buffer.AsSpan(0, _length).ToArray();
        if (_buffer.Length <= 1 << 20) _cached = this;
        return bytes;
    }

    public void StartElement(string name)
    {
        if (_startTagOpen) Raw(">"u8);
        NewLine(_open.Count);
        Raw("<"u8);
        Text(name);
        if (_open.Count == 0) Raw(" xmlns=\"http://hl7.org/fhir\""u8);
        _open.Add(name);
        _startTagOpen = true;
    }

    public void EndElement()
    {
        var name = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        if (_startTagOpen)
        {
            Raw(" />"u8);
            _startTagOpen = false;
            return;
        }
        NewLine(_open.Count);
        Raw("</"u8);
        Text(name);
        Raw(">"u8);
    }

    /// <summary>An attribute of the element just started (escaped, not made <see cref="Fhir.Safe"/>: the writers give it
    /// fixed text only).</summary>
    public void Attribute(string name, string value)
    {
        if (!_startTagOpen) throw new InvalidOperationException($"attribute '{name}' outside a start tag");
        Raw(" "u8);
        Text(name);
        Raw("=\""u8);
        Escaped(value);
        Raw("\""u8);
    }

    /// <summary>An element holding only its value attribute (made <see cref="Fhir.Safe"/>).</summary>
    public void Value(string name, string value)
    {
        StartElement(name);
        Raw(" value=\""u8);
        Escaped(Fhir.Safe(value));
        Raw("\""u8);
        EndElement();
    }

    private void NewLine(int depth)
    {
        Reserve(1 + 2 * depth);
        _buffer[_length++] = (byte)'\n';
        _buffer.AsSpan(_length, 2 * depth).Fill((byte)' ');
        _length += 2 * depth;
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>An attribute's text, escaped as the XmlWriter escapes it (&amp; &lt; &gt; &quot;, and tab, carriage return
    /// and line feed as character references).</summary>
    private void Escaped(string s)
    {
        var span = s.AsSpan();
        while (span.Length > 0)
        {
            var plain = span.IndexOfAny("&<>\"\t\r\n");
            if (plain < 0)
            {
                Text(span);
                return;
            }
            Text(span[..plain]);
            Raw(span[plain] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                '\t' => "&#x9;"u8,
                '\r' => "&#xD;"u8,
                _ => "&#xA;"u8,
            });
            span = span[(plain + 1)..];
        }
    }

    private void Text(ReadOnlySpan<char> s)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(s.Length));
        _length += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
    }

    // The FHIR elements both the messages (EAttestWriter) and the answers (EAttestAnswerWriter) are made of.

    public void Identifier(string system, string value)
    {
        StartElement("identifier");
        Value("system", system);
        Value("value", value);
        EndElement();
    }

    public void Profile(string profile)
    {
        StartElement("meta");
        Value("profile", profile);
        EndElement();
    }

    public void Coding(string system, string code)
    {
        StartElement("coding");
        Value("system", system);
        Value("code", code);
        EndElement();
    }

    /// <summary>A FHIR Money: its value in euros with two decimals, and the currency.</summary>
    public void Amount(string name, Engine.Core.Money.Money amount)
    {
        StartElement(name);
        Value("value", amount.ToString());
        Value("currency", "EUR");
        EndElement();
    }

    public void Reference(string name, string reference)
    {
        StartElement(name);
        Value("reference", reference);
        EndElement();
    }

    /// <summary>What a claim's item and a response's added item both say of the service: code, date, units, prices.</summary>
    public void Service(int nomenclatureCode, NodaTime.LocalDate serviceDate, int units, Engine.Core.Money.Money? unitPrice, Engine.Core.Money.Money fee)
    {
        StartElement("productOrService");
        Coding(Fhir.NomenclatureSystem, nomenclatureCode.ToString("000000", System.Globalization.CultureInfo.InvariantCulture));
        EndElement();
        Value("servicedDate", NodaTime.Text.LocalDatePattern.Iso.Format(serviceDate));
        StartElement("quantity");
        Value("value", units.ToString(System.Globalization.CultureInfo.InvariantCulture));
        EndElement();
        if (unitPrice is { } price) Amount("unitPrice", price);
        Amount("net", fee);
    }

    /// <summary>An entry of a bundle, its resource open: <see cref="EndEntry"/> closes the three.</summary>
    public void StartEntry(string fullUrl, string resource)
    {
        StartElement("entry");
        Value("fullUrl", fullUrl);
        StartElement("resource");
        StartElement(resource);
    }

    public void EndEntry()
    {
        EndElement();
        EndElement();
        EndElement();
    }
}
