using System.Xml;

namespace Engine.Jobs.EAttest;

/// <summary>
/// A message's elements as the reader needs them: names, nesting, and the two attributes FHIR puts data in (value and
/// an extension's url); text, comments and other attributes are passed over. Read in one pass of an
/// <see cref="XmlReader"/>, checking the message's shape at each element (nesting depth, number of elements, bundle
/// entries, Claim items) and stopping at the first element beyond a limit (<see cref="ShapeExceededException"/>).
/// <para>The elements are kept in arrays one thread reuses from message to message: an XDocument of the same message
/// allocated 56 KB (a node object, a name lookup and an attribute object for each element).</para>
/// </summary>
internal sealed class FhirTree
{
    [ThreadStatic] private static FhirTree? _cached;

    /// <summary>A tree grown beyond this by a huge message is not kept for the next one.</summary>
    private const int KeptCapacity = 4096;

    private string[] _name = new string[256];
    private string[] _ns = new string[256];
    private string?[] _value = new string?[256];
    private string?[] _url = new string?[256];
    private int[] _parent = new int[256];
    private int[] _firstChild = new int[256];
    private int[] _lastChild = new int[256];
    private int[] _next = new int[256];
    private int _count;

    public FhirNode Root => _count > 0 ? new FhirNode(this, 0) : default;

    /// <summary>The thread's tree, emptied; given back with <see cref="Release"/> once the message is read.</summary>
    public static FhirTree Rent()
    {
        var tree = _cached ?? new FhirTree();
        _cached = null;
        tree._count = 0;
        return tree;
    }

    public void Release()
    {
        if (_name.Length > KeptCapacity) return;
        Array.Clear(_value, 0, _count);
        Array.Clear(_url, 0, _count);
        _count = 0;
        _cached = this;
    }

    /// <summary>Reads the elements of the message (the XML reader's own faults thrown as it throws them).</summary>
    public void Load(XmlReader reader, int maxDepth, int maxElements, int maxEntries)
    {
        int elements = 0, entries = 0, items = 0, current = -1;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    var depth = reader.Depth;
                    if (depth >= maxDepth) throw new ShapeExceededException($"elements nested more than {maxDepth} deep: not an attestation; not read further");
                    if (++elements > maxElements) throw new ShapeExceededException($"more than {maxElements:N0} elements: not an attestation; not read further");
                    var name = reader.LocalName;
                    // Bundle/entry is depth 1; Bundle/entry/resource/Claim/item is depth 4.
                    if (depth == 1 && name == "entry" && ++entries > maxEntries)
                        throw new ShapeExceededException($"more than {maxEntries:N0} bundle entries; not read further");
                    if (depth == 4 && name == "item" && ++items > maxEntries)
                        throw new ShapeExceededException($"more than {maxEntries:N0} Claim items; not read further");
                    var node = Add(current, name, reader.NamespaceURI);
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            // An attribute without a prefix is in no namespace (a prefixed one never is).
                            if (reader.Prefix.Length != 0) continue;
                            var attribute = reader.LocalName;
                            if (attribute == "value") _value[node] = reader.Value;
                            else if (attribute == "url") _url[node] = reader.Value;
                        } while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }
                    if (!reader.IsEmptyElement) current = node;
                    break;
                case XmlNodeType.EndElement:
                    current = _parent[current];
                    break;
                case XmlNodeType.ProcessingInstruction:
                    // Refused as an XDocument refuses it (a target the XML reader lets through but XML names forbid).
                    _ = new System.Xml.Linq.XProcessingInstruction(reader.Name, "");
                    break;
            }
        }
    }

    /// <summary>
    /// Reads the elements of a message written the way senders write them, straight from its bytes: printable ASCII, an
    /// optional UTF-8 declaration, elements without prefixes, attributes in double quotes without entity references or
    /// line breaks, only white space between tags, no comments, processing instructions, CDATA or DTD. The same tree as
    /// <see cref="Load"/> gives; false, with nothing kept, for a message beyond that plain form or beyond a limit, which
    /// <see cref="Load"/> then reads (and refuses) as it always did, with the XML reader's own reasons.
    /// <para>Every message was read by an <see cref="XmlReader"/> that allocated 13 KB of buffers for it and a string for
    /// every value; here the names and the values met before are the strings of the message before.</para>
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool TryLoadPlain(ReadOnlySpan<byte> xml, int maxDepth, int maxElements, int maxEntries)
    {
        _count = 0;
        if (xml.IndexOfAnyExcept(Printable) >= 0) return Reject();
        var at = 0;
        if (xml.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>"u8) || xml.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8))
            at = "<?xml version=\"1.0\" encoding=\"utf-8\"?>".Length;
        else if (xml.StartsWith("<?xml version=\"1.0\"?>"u8)) at = "<?xml version=\"1.0\"?>".Length;
        int current = -1, depth = 0, elements = 0, entries = 0, items = 0;
        var rootClosed = false;
        Span<(int Start, int Length)> attributes = stackalloc (int, int)[16];
        while (true)
        {
            while (at < xml.Length && IsSpace(xml[at])) at++;
            if (at == xml.Length) break;
            if (xml[at] != (byte)'<' || at + 1 == xml.Length) return Reject(); // text, or a lone '<'
            var next = xml[at + 1];
            if (next == (byte)'/')
            {
                if (current < 0) return Reject();
                at += 2;
                var name = _name[current];
                if (xml.Length - at < name.Length || !System.Text.Ascii.Equals(xml.Slice(at, name.Length), name)) return Reject();
                at += name.Length;
                while (at < xml.Length && IsSpace(xml[at])) at++;
                if (at == xml.Length || xml[at] != (byte)'>') return Reject();
                at++;
                current = _parent[current];
                depth--;
                if (current < 0) rootClosed = true;
                continue;
            }
            if (rootClosed) return Reject(); // a second root
            at++;
            var nameLength = NameLength(xml[at..]);
            if (nameLength == 0 || Reserved(xml.Slice(at, nameLength))) return Reject();
            var elementName = Atom(xml.Slice(at, nameLength), _names);
            at += nameLength;
            // As Load checks them; beyond a limit the XML reader's pass says which.
            if (depth >= maxDepth || ++elements > maxElements) return Reject();
            if (depth == 1 && elementName == "entry" && ++entries > maxEntries) return Reject();
            if (depth == 4 && elementName == "item" && ++items > maxEntries) return Reject();
            var ns = current < 0 ? "" : _ns[current];
            string? value = null, url = null;
            var attributeCount = 0;
            bool empty;
            while (true)
            {
                var spaced = at < xml.Length && IsSpace(xml[at]);
                while (at < xml.Length && IsSpace(xml[at])) at++;
                if (at == xml.Length) return Reject();
                if (xml[at] == (byte)'>')
                {
                    at++;
                    empty = false;
                    break;
                }
                if (xml[at] == (byte)'/')
                {
                    if (at + 1 == xml.Length || xml[at + 1] != (byte)'>') return Reject();
                    at += 2;
                    empty = true;
                    break;
                }
                if (!spaced) return Reject(); // attributes apart by white space
                var attributeLength = NameLength(xml[at..]);
                if (attributeLength == 0) return Reject();
                var attribute = xml.Slice(at, attributeLength);
                if (!attribute.SequenceEqual("xmlns"u8) && Reserved(attribute)) return Reject();
                for (var i = 0; i < attributeCount; i++)
                    if (xml.Slice(attributes[i].Start, attributes[i].Length).SequenceEqual(attribute)) return Reject(); // named twice
                if (attributeCount == attributes.Length) return Reject();
                attributes[attributeCount++] = (at, attributeLength);
                at += attributeLength;
                while (at < xml.Length && IsSpace(xml[at])) at++;
                if (at == xml.Length || xml[at] != (byte)'=') return Reject();
                at++;
                while (at < xml.Length && IsSpace(xml[at])) at++;
                if (at == xml.Length || xml[at] != (byte)'"') return Reject();
                at++;
                var end = xml[at..].IndexOfAny(ValueEnds);
                if (end < 0 || xml[at + end] != (byte)'"') return Reject(); // '<', '&' or a white space the reader would turn into a space
                var text = xml.Slice(at, end);
                if (text.IndexOf("]]>"u8) >= 0) return Reject();
                at += end + 1;
                if (attribute.SequenceEqual("xmlns"u8))
                {
                    if (text.SequenceEqual("http://www.w3.org/XML/1998/namespace"u8) || text.SequenceEqual("http://www.w3.org/2000/xmlns/"u8)) return Reject();
                    ns = Atom(text, _values);
                }
                else if (attribute.SequenceEqual("value"u8)) value = Atom(text, _values);
                else if (attribute.SequenceEqual("url"u8)) url = Atom(text, _values);
            }
            var node = Add(current, elementName, ns);
            _value[node] = value;
            _url[node] = url;
            if (!empty)
            {
                current = node;
                depth++;
            }
            else if (current < 0) rootClosed = true;
        }
        return rootClosed ? true : Reject();
    }

    /// <summary>Nothing kept: the message goes to <see cref="Load"/>.</summary>
    private bool Reject()
    {
        Array.Clear(_value, 0, _count);
        Array.Clear(_url, 0, _count);
        _count = 0;
        return false;
    }

    private static readonly System.Buffers.SearchValues<byte> Printable =
        System.Buffers.SearchValues.Create([(byte)'\t', (byte)'\n', (byte)'\r', .. Enumerable.Range(0x20, 0x7F - 0x20).Select(b => (byte)b)]);

    private static readonly System.Buffers.SearchValues<byte> ValueEnds = System.Buffers.SearchValues.Create("\"<&\t\n\r"u8);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>The length of the name at the start: a letter or '_', then letters, digits, '_', '-' and '.' (no prefix);
    /// 0 when none starts there.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int NameLength(ReadOnlySpan<byte> s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter((char)s[0]) || s[0] == (byte)'_')) return 0;
        var n = 1;
        while (n < s.Length && (char.IsAsciiLetterOrDigit((char)s[n]) || s[n] is (byte)'_' or (byte)'-' or (byte)'.')) n++;
        return n;
    }

    /// <summary>Names beginning with "xml" in any case are reserved to XML: left to the reader.</summary>
    private static bool Reserved(ReadOnlySpan<byte> name) =>
        name.Length >= 3 && (name[0] | 0x20) == 'x' && (name[1] | 0x20) == 'm' && (name[2] | 0x20) == 'l';

    private readonly string?[] _names = new string?[256];
    private readonly string?[] _values = new string?[1024];

    /// <summary>The string of these ASCII bytes, the same one as last time when the slot still holds it (the slot chosen by
    /// the length and three 8-byte words: values that share a start, as URLs do, differ at the end).</summary>
    private static string Atom(ReadOnlySpan<byte> bytes, string?[] slots)
    {
        if (bytes.Length > 256) return System.Text.Encoding.ASCII.GetString(bytes);
        ulong hash = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        if (bytes.Length >= 8)
        {
            hash ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            hash = (hash ^ (hash >> 29)) * 0xBF58476D1CE4E5B9UL;
            hash ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[(bytes.Length / 2 - 4)..]);
            hash = (hash ^ (hash >> 29)) * 0xBF58476D1CE4E5B9UL;
            hash ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[^8..]);
        }
        else
            foreach (var b in bytes) hash = (hash ^ b) * 0x100000001B3UL;
        hash = (hash ^ (hash >> 31)) * 0x94D049BB133111EBUL;
        ref var slot = ref slots[(int)((hash ^ (hash >> 32)) & (uint)(slots.Length - 1))];
        if (slot is { } known && known.Length == bytes.Length && System.Text.Ascii.Equals(bytes, known)) return known;
        return slot = System.Text.Encoding.ASCII.GetString(bytes);
    }

    private int Add(int parent, string name, string ns)
    {
        if (_count == _name.Length) Grow();
        var node = _count++;
        _name[node] = name;
        _ns[node] = ns;
        _value[node] = null;
        _url[node] = null;
        _parent[node] = parent;
        _firstChild[node] = -1;
        _lastChild[node] = -1;
        _next[node] = -1;
        if (parent >= 0)
        {
            if (_lastChild[parent] < 0) _firstChild[parent] = node;
            else _next[_lastChild[parent]] = node;
            _lastChild[parent] = node;
        }
        return node;
    }

    private void Grow()
    {
        var size = _name.Length * 2;
        Array.Resize(ref _name, size);
        Array.Resize(ref _ns, size);
        Array.Resize(ref _value, size);
        Array.Resize(ref _url, size);
        Array.Resize(ref _parent, size);
        Array.Resize(ref _firstChild, size);
        Array.Resize(ref _lastChild, size);
        Array.Resize(ref _next, size);
    }

    internal string Name(int node) => _name[node];
    internal string Namespace(int node) => _ns[node];
    internal string? Value(int node) => _value[node];
    internal string? Url(int node) => _url[node];
    internal int Parent(int node) => _parent[node];
    internal int FirstChild(int node) => _firstChild[node];
    internal int Next(int node) => _next[node];
}

/// <summary>
/// An element of a <see cref="FhirTree"/>, or none (<c>default</c>): every step from none leads to none, as
/// <c>e?.Element(...)</c> does on an XElement.
/// </summary>
internal readonly struct FhirNode(FhirTree? tree, int index) : IEquatable<FhirNode>
{
    private readonly FhirTree? _tree = tree;
    private readonly int _index = index;

    public bool IsNone => _tree is null;
    public string LocalName => _tree?.Name(_index) ?? "";
    public string NamespaceName => _tree?.Namespace(_index) ?? "";
    public FhirNode Parent => _tree is null || _tree.Parent(_index) < 0 ? default : new FhirNode(_tree, _tree.Parent(_index));

    /// <summary>The value attribute, where FHIR keeps every primitive.</summary>
    public string? Value => _tree?.Value(_index);

    /// <summary>The url attribute (of an extension).</summary>
    public string? Url => _tree?.Url(_index);

    public bool Is(string ns, string localName) => _tree is not null && _tree.Name(_index) == localName && _tree.Namespace(_index) == ns;

    /// <summary>The first child element of that name in the FHIR namespace.</summary>
    public FhirNode Child(string name)
    {
        if (_tree is null) return default;
        for (var c = _tree.FirstChild(_index); c >= 0; c = _tree.Next(c))
            if (_tree.Name(c) == name && _tree.Namespace(c) == Fhir.NamespaceName) return new FhirNode(_tree, c);
        return default;
    }

    /// <summary>The child elements of that name in the FHIR namespace.</summary>
    public ChildList Children(string name) => new(this, name);

    /// <summary>The first child element of any name.</summary>
    public FhirNode FirstElement => _tree is null || _tree.FirstChild(_index) < 0 ? default : new FhirNode(_tree, _tree.FirstChild(_index));

    public FhirNode NextSibling => _tree is null || _tree.Next(_index) < 0 ? default : new FhirNode(_tree, _tree.Next(_index));

    /// <summary>The element's place in the message: names, with [n] where a name repeats among siblings.</summary>
    public string Path()
    {
        if (_tree is null) return "Bundle";
        var parts = new List<string>();
        for (var x = _index; x >= 0; x = _tree.Parent(x))
        {
            var parent = _tree.Parent(x);
            var (name, ns) = (_tree.Name(x), _tree.Namespace(x));
            int same = 0, place = 0;
            if (parent >= 0)
                for (var c = _tree.FirstChild(parent); c >= 0; c = _tree.Next(c))
                    if (_tree.Name(c) == name && _tree.Namespace(c) == ns)
                    {
                        same++;
                        if (c == x) place = same;
                    }
            parts.Add(same > 1 ? $"{name}[{place}]" : name);
        }
        parts.Reverse();
        return string.Join("/", parts);
    }

    public string PathOf(string child) => Path() + "/" + child;

    public bool Equals(FhirNode other) => ReferenceEquals(_tree, other._tree) && _index == other._index;
    public override bool Equals(object? obj) => obj is FhirNode other && Equals(other);
    public override int GetHashCode() => _index;

    /// <summary>Child elements of one name, enumerated without allocating.</summary>
    public readonly struct ChildList(FhirNode parent, string name)
    {
        public Enumerator GetEnumerator() => new(parent, name);

        public FhirNode First()
        {
            foreach (var c in this) return c;
            return default;
        }

        public struct Enumerator(FhirNode parent, string name)
        {
            private FhirNode _current;
            private bool _started;

            public readonly FhirNode Current => _current;

            public bool MoveNext()
            {
                var next = _started ? _current.NextSibling : parent.FirstElement;
                _started = true;
                while (!next.IsNone && !next.Is(Fhir.NamespaceName, name)) next = next.NextSibling;
                _current = next;
                return !next.IsNone;
            }
        }
    }
}

/// <summary>The message's shape is beyond a limit of <see cref="FhirTree.Load"/>; the message says which.</summary>
internal sealed class ShapeExceededException(string reason) : Exception(reason);
