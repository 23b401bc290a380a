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
