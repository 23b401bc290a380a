using System.Buffers;
using System.Globalization;
using System.Text;
using System.Xml;
using Money = Engine.Core.Money.Money;

namespace Engine.Jobs.Payments;

/// <summary>
/// The pain.001 layout of <see cref="Pain001Writer"/> written straight to UTF-8 bytes, as its XmlWriter writes it:
/// elements indented by two spaces on lines ended by "\n", an element without text as <c>&lt;name /&gt;</c>, text
/// escaped (&amp; &lt; &gt;, a carriage return with or without its line feed written as "\n"). A text with a character
/// XML forbids (a control character, a lone surrogate, U+FFFE, U+FFFF) goes through an XmlWriter of the same settings,
/// which writes it or refuses it as it always did. The bytes go to the stream 64 KiB at a time.
/// </summary>
internal sealed class Pain001Bytes(Stream output) : IDisposable
{
    private const int Flush = 1 << 16;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Flush * 2);
    private int _length;
    private int _depth;

    /// <summary>A new line at the current depth.</summary>
    public void Line()
    {
        Reserve(1 + 2 * _depth);
        _buffer[_length++] = (byte)'\n';
        _buffer.AsSpan(_length, 2 * _depth).Fill((byte)' ');
        _length += 2 * _depth;
    }

    /// <param name="attributes">Written as given after the name (" name=\"value\"", escaped by the caller).</param>
    public void Start(ReadOnlySpan<byte> name, ReadOnlySpan<byte> attributes = default)
    {
        Line();
        Raw("<"u8);
        Raw(name);
        Raw(attributes);
        Raw(">"u8);
        _depth++;
    }

    public void End(ReadOnlySpan<byte> name)
    {
        _depth--;
        Line();
        Raw("</"u8);
        Raw(name);
        Raw(">"u8);
    }

    /// <summary>An element holding text (none, or empty: <c>&lt;name /&gt;</c>, as XmlWriter.WriteElementString writes it).</summary>
    public void Element(ReadOnlySpan<byte> name, string? value)
    {
        Line();
        Raw("<"u8);
        Raw(name);
        if (string.IsNullOrEmpty(value))
        {
            Raw(" />"u8);
            return;
        }
        Raw(">"u8);
        Text(value);
        Raw("</"u8);
        Raw(name);
        Raw(">"u8);
    }

    /// <summary>An amount as <see cref="Money.ToString"/> prints it (units, a dot, two digits).</summary>
    public void Amount(Money amount)
    {
        var cents = amount.Cents;
        if (cents == long.MinValue)
        {
            Text(amount.ToString());
            return;
        }
        Reserve(24);
        if (cents < 0)
        {
            _buffer[_length++] = (byte)'-';
            cents = -cents;
        }
        (cents / 100).TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        var rest = (int)(cents % 100);
        _buffer[_length++] = (byte)'.';
        _buffer[_length++] = (byte)('0' + rest / 10);
        _buffer[_length++] = (byte)('0' + rest % 10);
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Text content, escaped as the XmlWriter of <see cref="Pain001Writer"/> escapes it.</summary>
    private void Text(string value)
    {
        var span = value.AsSpan();
        if (!Plain(span))
        {
            Raw(Fallback(value));
            return;
        }
        while (span.Length > 0)
        {
            var special = span.IndexOfAny("&<>\r\n");
            if (special < 0)
            {
                Utf8(span);
                return;
            }
            Utf8(span[..special]);
            var skip = 1;
            switch (span[special])
            {
                case '&': Raw("&amp;"u8); break;
                case '<': Raw("&lt;"u8); break;
                case '>': Raw("&gt;"u8); break;
                case '\r':
                    // "\r\n" and a lone "\r" are both a new line.
                    if (special + 1 < span.Length && span[special + 1] == '\n') skip = 2;
                    Raw("\n"u8);
                    break;
                default: Raw("\n"u8); break;
            }
            span = span[(special + skip)..];
        }
    }

    /// <summary>Whether every character is one XML allows in text with no more than the escapes above: no control
    /// character but tab, line feed and carriage return, no surrogate, no U+FFFE or U+FFFF.</summary>
    private static bool Plain(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if ((c < ' ' && c is not ('\t' or '\n' or '\r')) || char.IsSurrogate(c) || c >= '\uFFFE')
                return false;
        return true;
    }

    /// <summary>The text as an XmlWriter of the same settings writes it, or its refusal.</summary>
    private static byte[] Fallback(string value)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, new XmlWriterSettings
               {
                   Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                   NewLineChars = "\n",
                   NewLineHandling = NewLineHandling.Replace,
                   ConformanceLevel = ConformanceLevel.Fragment,
                   CloseOutput = false,
               }))
            w.WriteString(value);
        return stream.ToArray();
    }

    private void Utf8(ReadOnlySpan<char> s)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(s.Length));
        _length += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes <= _buffer.Length) return;
        output.Write(_buffer, 0, _length);
        _length = 0;
        if (bytes > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }

    /// <summary>Writes what is left to the stream (left open) and gives the buffer back.</summary>
    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        output.Write(_buffer, 0, _length);
        _length = 0;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
