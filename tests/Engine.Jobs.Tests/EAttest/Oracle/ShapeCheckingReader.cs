using System.Xml;

namespace Engine.Jobs.Tests.EAttest.Oracle;

/// <summary>
/// Passes an XML reader through while checking the message's shape at each element read (nesting depth, number of
/// elements, bundle entries, Claim items): the tree is built in the same pass and stops being built at the first
/// element beyond a limit (<see cref="ShapeExceededException"/>), as the separate streamed pass before it did, without
/// reading each message twice.
/// </summary>
internal sealed class ShapeCheckingReader(XmlReader inner, int maxDepth, int maxElements, int maxEntries) : XmlReader
{
    private int _elements, _entries, _items;

    public override bool Read()
    {
        if (!inner.Read()) return false;
        if (inner.NodeType != XmlNodeType.Element) return true;
        if (inner.Depth >= maxDepth) throw new ShapeExceededException($"elements nested more than {maxDepth} deep: not an attestation; not read further");
        if (++_elements > maxElements) throw new ShapeExceededException($"more than {maxElements:N0} elements: not an attestation; not read further");
        // Bundle/entry is depth 1; Bundle/entry/resource/Claim/item is depth 4.
        if (inner.Depth == 1 && inner.LocalName == "entry" && ++_entries > maxEntries)
            throw new ShapeExceededException($"more than {maxEntries:N0} bundle entries; not read further");
        if (inner.Depth == 4 && inner.LocalName == "item" && ++_items > maxEntries)
            throw new ShapeExceededException($"more than {maxEntries:N0} Claim items; not read further");
        return true;
    }

    public override int AttributeCount => inner.AttributeCount;
    public override string BaseURI => inner.BaseURI;
    public override int Depth => inner.Depth;
    public override bool EOF => inner.EOF;
    public override bool IsEmptyElement => inner.IsEmptyElement;
    public override string LocalName => inner.LocalName;
    public override string NamespaceURI => inner.NamespaceURI;
    public override XmlNameTable NameTable => inner.NameTable;
    public override XmlNodeType NodeType => inner.NodeType;
    public override string Prefix => inner.Prefix;
    public override ReadState ReadState => inner.ReadState;
    public override string Value => inner.Value;
    public override bool HasValue => inner.HasValue;
    public override string Name => inner.Name;
    public override XmlReaderSettings? Settings => inner.Settings;
    public override string GetAttribute(int i) => inner.GetAttribute(i);
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
    public override bool MoveToElement() => inner.MoveToElement();
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();
    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The message's shape is beyond a limit of <see cref="ShapeCheckingReader"/>; the message says which.</summary>
internal sealed class ShapeExceededException(string reason) : Exception(reason);
