using System.Globalization;
using System.Security.Cryptography;
using System.Xml;
using Engine.Core.Money;
using Engine.Jobs.Efact;
using NodaTime;
using NodaTime.Text;
using R = Engine.Jobs.EAttest.EAttestReasons;

namespace Engine.Jobs.EAttest;

/// <summary>
/// Reads an hl7-be eAttest message (FHIR Bundle, XML) and checks it. Never throws on its input: every fault is a
/// rejection naming the element and the reason. A fault of the attestation itself (member, provider, totals,
/// structure) refuses it whole; a fault of one Claim.item refuses that item only.
/// </summary>
public static class EAttestReader
{
    /// <summary>Messages larger than this are refused unread.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>Deepest element nesting read (a real attestation nests about 12 deep).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most elements in a message (a real attestation holds a few hundred).</summary>
    public const int MaxElements = 50_000;

    /// <summary>Most bundle entries, and most items in the Claim (each item's path names its place among them).</summary>
    public const int MaxEntries = 1_000;

    // The XML declaration may name an 8-bit code page (windows-1252, ...): the reader then needs the code pages known.
    static EAttestReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    private static readonly OffsetDateTimePattern DateTimePattern = Fhir.DateTime;
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    public static EAttestReadResult Read(string fileName, byte[] content) => Read(fileName, content, null);

    /// <summary>Format checks, then — when the attestation stands — member, provider and codes through <paramref name="data"/>.</summary>
    public static EAttestReadResult Read(string fileName, byte[] content, IEfactReferenceData? data)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        EAttestReadResult result;
        try
        {
            result = ReadFormat(fileName ?? "", content, hash);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            result = Refused(fileName ?? "", hash, EAttestMessageKind.Unknown, "Bundle", R.Invalid, $"reader failure {e.GetType().Name}: {e.Message}");
        }
        return data is null ? result : Check(result, data);
    }

    /// <summary>
    /// The checks against the insurer's data (member, provider, codes) on a message read with its format checks only:
    /// <c>Check(Read(f, c), data)</c> is <c>Read(f, c, data)</c>, the reading free to run ahead on another thread.
    /// </summary>
    public static EAttestReadResult Check(EAttestReadResult result, IEfactReferenceData data) =>
        result.Kind != EAttestMessageKind.Create || result.Rejections.Count > 0 ? result : DataChecks(result, data);

    private static EAttestReadResult Refused(string fileName, string hash, EAttestMessageKind kind, string element, string code, string reason, string? messageId = null) =>
        new(fileName, hash, kind, messageId, null, null, new ValueList<EAttestRejection>([new EAttestRejection(element, code, reason)]),
            ValueList<EAttestReadLine>.Empty);

    /// <summary>The reader's settings, one a thread, with the thread's name table: the element and attribute names of a
    /// message are the same strings as the message before's, not new ones with a new table for every message (5 KB a
    /// message). A table is used for at most <see cref="NameTableBytes"/> bytes of messages, so names sent by odd messages
    /// never pile up: it holds at most a name for every three bytes read with it.</summary>
    [ThreadStatic] private static XmlReaderSettings? _settings;
    [ThreadStatic] private static long _settingsBytes;
    private const long NameTableBytes = 1 << 20;

    private static XmlReaderSettings Settings(int length)
    {
        _settingsBytes += length;
        if (_settings is null || _settingsBytes > NameTableBytes)
        {
            _settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes * 2L, MaxCharactersFromEntities = 0,
                NameTable = new NameTable(),
            };
            _settingsBytes = length;
        }
        return _settings;
    }

    private static EAttestReadResult ReadFormat(string fileName, byte[] content, string hash)
    {
        if (content.Length == 0) return Refused(fileName, hash, EAttestMessageKind.Unknown, "/", R.NotXml, "the message is empty");
        if (content.Length > MaxBytes) return Refused(fileName, hash, EAttestMessageKind.Unknown, "/", R.NotXml, $"{content.Length} bytes: larger than {MaxBytes}");

        var tree = FhirTree.Rent();
        try
        {
            try
            {
                // The shape is checked at each element read: a message nested 200,000 deep or of millions of elements is
                // refused in milliseconds. (Line numbers are not kept: no reason names one.)
                if (!tree.TryLoadPlain(content, MaxDepth, MaxElements, MaxEntries))
                {
                    using var reader = XmlReader.Create(new MemoryStream(content), Settings(content.Length));
                    tree.Load(reader, MaxDepth, MaxElements, MaxEntries);
                }
            }
            catch (ShapeExceededException e)
            {
                return Refused(fileName, hash, EAttestMessageKind.Unknown, "/", R.TooLarge, e.Message);
            }
            catch (XmlException e)
            {
                return Refused(fileName, hash, EAttestMessageKind.Unknown, "/", R.NotXml, $"not well-formed XML: {e.Message}");
            }
            return ReadBundle(fileName, hash, tree.Root);
        }
        finally
        {
            tree.Release();
        }
    }

    private static EAttestReadResult ReadBundle(string fileName, string hash, FhirNode bundle)
    {
        if (!bundle.Is(Fhir.NamespaceName, "Bundle"))
            return Refused(fileName, hash, EAttestMessageKind.Unknown, bundle.IsNone ? "/" : bundle.LocalName, R.NotEAttest,
                $"the root element is {{{bundle.NamespaceName}}}{bundle.LocalName}, not a FHIR Bundle (http://hl7.org/fhir)");

        var resources = new List<(string? FullUrl, FhirNode Resource)>();
        foreach (var entry in bundle.Children("entry"))
            if (entry.Child("resource").FirstElement is { IsNone: false } resource) resources.Add((entry.Child("fullUrl").Value, resource));
        FhirNode Resolve(string? reference)
        {
            if (string.IsNullOrEmpty(reference)) return default;
            foreach (var r in resources)
                if (r.FullUrl == reference) return r.Resource;
            var slash = reference.IndexOf('/');
            if (slash <= 0) return default;
            var (type, id) = (reference[..slash], reference[(slash + 1)..]);
            foreach (var r in resources)
                if (r.Resource.LocalName == type && r.Resource.Child("id").Value == id) return r.Resource;
            return default;
        }
        FhirNode FirstNamed(string name)
        {
            foreach (var r in resources)
                if (r.Resource.LocalName == name) return r.Resource;
            return default;
        }

        var header = FirstNamed("MessageHeader");
        if (header.IsNone)
            return Refused(fileName, hash, EAttestMessageKind.Unknown, "Bundle/entry", R.NotEAttest, "no MessageHeader in the bundle");
        var messageId = header.Child("id").Value;
        var eventCode = header.Child("eventCoding").Child("code").Value;
        var kind = eventCode switch { "eattest-create" => EAttestMessageKind.Create, "eattest-cancel" => EAttestMessageKind.Cancel, _ => EAttestMessageKind.Unknown };
        if (kind == EAttestMessageKind.Unknown)
            return Refused(fileName, hash, kind, header.PathOf("eventCoding/code"), R.NotEAttest,
                $"event '{eventCode}' is neither eattest-create nor eattest-cancel", messageId);

        var rejections = new List<EAttestRejection>();
        void Reject(string element, string code, string reason) => rejections.Add(new EAttestRejection(element, code, reason));
        if (string.IsNullOrWhiteSpace(messageId)) Reject(header.PathOf("id"), R.Missing, "the MessageHeader has no id");

        var claim = Resolve(header.Child("focus").Child("reference").Value) is { IsNone: false, LocalName: "Claim" } focus
            ? focus
            : FirstNamed("Claim");
        if (claim.IsNone)
            return Refused(fileName, hash, kind, header.Path(), R.Missing, "no Claim in the bundle (MessageHeader.focus)", messageId);

        if (kind == EAttestMessageKind.Cancel)
        {
            string? cancelled = null;
            foreach (var identifier in claim.Children("identifier"))
                if (identifier.Child("value").Value is { } v && !string.IsNullOrWhiteSpace(v))
                {
                    cancelled = v;
                    break;
                }
            if (cancelled is null) Reject(claim.PathOf("identifier"), R.Missing, "a cancellation names the attestation number in Claim.identifier");
            return new EAttestReadResult(fileName, hash, kind, messageId, null, cancelled, new ValueList<EAttestRejection>(rejections), ValueList<EAttestReadLine>.Empty);
        }

        var attestationId = claim.Child("id").Value;
        if (string.IsNullOrWhiteSpace(attestationId)) Reject(claim.PathOf("id"), R.Missing, "the Claim has no id");

        OffsetDateTime? created = null;
        var createdText = claim.Child("created").Value;
        if (createdText is null) Reject(claim.PathOf("created"), R.Missing, "Claim.created is absent");
        else if (DateTimePattern.Parse(createdText) is { Success: true } c) created = c.Value;
        else Reject(claim.PathOf("created"), R.Invalid, $"'{Show(createdText)}' is not a date-time with offset (2015-07-14T11:15:30+02:00)");

        var type = claim.Child("subType").Child("coding").Child("code").Value;
        if (string.IsNullOrWhiteSpace(type)) Reject(claim.PathOf("subType"), R.Missing, "Claim.subType (attestation type) is absent");

        var niss = ReadMember(claim, Resolve, Reject);
        var (nihii, qualification) = ReadProvider(claim, Resolve, Reject);

        Money? supplement = null;
        var supplementExt = Extension(claim, Fhir.SupplementUrl);
        var supplementOk = supplementExt.IsNone || (supplement = ReadMoney(supplementExt.Child("valueMoney"), supplementExt, Reject)) is not null;
        var totalElement = claim.Child("total");
        Money? total = totalElement.IsNone ? null : ReadMoney(totalElement, totalElement, Reject);
        if (totalElement.IsNone) Reject(claim.PathOf("total"), R.Missing, "Claim.total (fee of the attestation) is absent");

        var items = new List<FhirNode>();
        foreach (var item in claim.Children("item")) items.Add(item);
        if (items.Count == 0) Reject(claim.PathOf("item"), R.Missing, "the Claim holds no item");
        var lines = items.Select(ReadItem).ToList();
        if (RepeatsSequence(lines))
            foreach (var duplicate in lines.GroupBy(l => l.Sequence).Where(g => g.Key > 0 && g.Count() > 1))
                Reject(duplicate.Skip(1).First().Element + "/sequence", R.Invalid, $"item sequence {duplicate.Key} is used {duplicate.Count()} times");

        if (total is { } t && lines.All(l => l.Fee is not null))
        {
            var sum = lines.Aggregate(Money.Zero, (s, l) => s + l.Fee!.Value);
            if (sum != t) Reject(totalElement.Path(), R.Mismatch, $"total {t} EUR where the items' net amounts add up to {sum} EUR");
        }

        // The attestation stands on its own fields; an item that cannot be parsed is refused by itself (its rejections
        // say why) and left out of the attestation's lines, so the items parsed are still checked, kept and paid. Once
        // the attestation was dropped whole for one bad item while its answer said "partial": the member was never refunded.
        EAttestAttestation? attestation = null;
        if (attestationId is not null && messageId is not null && created is { } cr && type is not null && niss is not null &&
            nihii is not null && total is { } tot && supplementOk && lines.Any(l => l.Line is not null))
            attestation = new EAttestAttestation(attestationId, messageId, cr, type, niss, nihii, qualification, supplement, tot,
                new ValueList<EAttestLine>(lines.Where(l => l.Line is not null).Select(l => l.Line!)));
        return new EAttestReadResult(fileName, hash, kind, messageId, attestation, null, new ValueList<EAttestRejection>(rejections),
            new ValueList<EAttestReadLine>(lines.Select(l => new EAttestReadLine(l.Sequence, l.Element, l.Line, new ValueList<EAttestRejection>(l.Rejections)))));
    }

    /// <summary>Whether two items share a positive sequence (a message holds a few items: compared pairwise, without the
    /// groups that name them).</summary>
    private static bool RepeatsSequence(List<ItemDraft> lines)
    {
        for (var i = 0; i < lines.Count; i++)
            if (lines[i].Sequence > 0)
                for (var j = i + 1; j < lines.Count; j++)
                    if (lines[j].Sequence == lines[i].Sequence) return true;
        return false;
    }

    /// <summary>The first extension of that url.</summary>
    private static FhirNode Extension(FhirNode element, string url)
    {
        foreach (var x in element.Children("extension"))
            if (x.Url == url) return x;
        return default;
    }

    private static string Show(string s) => Fhir.Safe(s.Length > 40 ? s[..40] + "..." : s);

    private static string? ReadMember(FhirNode claim, Func<string?, FhirNode> resolve, Action<string, string, string> reject)
    {
        var reference = claim.Child("patient").Child("reference").Value;
        var patient = resolve(reference);
        if (patient is not { IsNone: false, LocalName: "Patient" })
        {
            reject(claim.PathOf("patient/reference"), R.Reference, $"'{Show(reference ?? "")}' does not lead to a Patient of the bundle");
            return null;
        }
        var identifier = Fhir.Identifier(patient, Fhir.SsinSystem);
        var niss = identifier.Child("value").Value;
        if (niss is null)
        {
            reject(patient.PathOf("identifier"), R.Missing, "the Patient has no ssin identifier (NISS)");
            return null;
        }
        if (!BelgianIdentifiers.IsValidNiss(niss))
        {
            reject(identifier.Child("value").Path(), R.Invalid, "the NISS is not 11 digits with valid check digits (value not shown)");
            return null;
        }
        return niss;
    }

    private static (string? Nihii, string Qualification) ReadProvider(FhirNode claim, Func<string?, FhirNode> resolve, Action<string, string, string> reject)
    {
        var reference = claim.Child("provider").Child("reference").Value;
        var provider = resolve(reference);
        var qualification = "";
        if (provider is { IsNone: false, LocalName: "PractitionerRole" } role)
        {
            qualification = role.Child("code").Child("coding").Child("code").Value ?? "";
            provider = resolve(role.Child("practitioner").Child("reference").Value) is { IsNone: false } practitioner ? practitioner : role.Child("organization");
        }
        if (provider.IsNone)
        {
            reject(claim.PathOf("provider/reference"), R.Reference, $"'{Show(reference ?? "")}' does not lead to a practitioner or organisation of the bundle");
            return (null, qualification);
        }
        var identifier = Fhir.Identifier(provider, Fhir.NihdiSystem);
        var nihii = identifier.Child("value").Value;
        if (nihii is null)
        {
            reject(provider.PathOf("identifier"), R.Missing, "the provider has no nihdi identifier (NIHII)");
            return (null, qualification);
        }
        if (nihii.Length != 11 || !nihii.All(char.IsAsciiDigit))
        {
            reject(identifier.Child("value").Path(), R.Invalid, $"NIHII '{Show(nihii)}' is not 11 digits");
            return (null, qualification);
        }
        return (nihii, qualification);
    }

    /// <summary>A Money element: value (euros, at most two decimals, not negative) and currency EUR; a fault named under
    /// the path of <paramref name="at"/>, made only then (a path is a walk to the root and a few strings).</summary>
    private static Money? ReadMoney(FhirNode money, FhirNode at, Action<string, string, string> reject)
    {
        var text = money.Child("value").Value;
        if (text is null)
        {
            reject(at.Path() + "/value", R.Missing, "the amount has no value");
            return null;
        }
        if (money.Child("currency").Value is { } currency && currency != "EUR")
        {
            reject(at.Path() + "/currency", R.Invalid, $"currency '{Show(currency)}' is not EUR");
            return null;
        }
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _) || !Money.TryParse(text, out var m))
        {
            reject(at.Path() + "/value", R.Invalid, $"'{Show(text)}' is not an amount in euros with at most two decimals, not negative");
            return null;
        }
        return m;
    }

    private sealed record ItemDraft(int Sequence, string Element, EAttestLine? Line, Money? Fee, List<EAttestRejection> Rejections);

    private static ItemDraft ReadItem(FhirNode item, int index)
    {
        var element = item.Path();
        var rejections = new List<EAttestRejection>();
        var sequenceText = item.Child("sequence").Value;
        var sequence = int.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out var sq) && sq > 0 ? sq : 0;
        void Reject(string where, string code, string reason) => rejections.Add(new EAttestRejection(where, code, reason, sequence == 0 ? index + 1 : sequence));
        if (sequence == 0) Reject(item.PathOf("sequence"), sequenceText is null ? R.Missing : R.Invalid, $"item sequence '{Show(sequenceText ?? "")}' is not a positive whole number");

        int? code = null;
        var coding = item.Child("productOrService").Child("coding");
        foreach (var c in item.Child("productOrService").Children("coding"))
            if (c.Child("system").Value == Fhir.NomenclatureSystem)
            {
                coding = c;
                break;
            }
        var codeText = coding.Child("code").Value;
        if (codeText is null) Reject(item.PathOf("productOrService"), R.Missing, "no nomenclature code");
        else if (codeText.Length == 6 && codeText.All(char.IsAsciiDigit)) code = int.Parse(codeText, CultureInfo.InvariantCulture);
        else Reject(coding.Child("code").Path(), R.Invalid, $"'{Show(codeText)}' is not a 6-digit nomenclature code");

        LocalDate? date = null;
        var dateText = item.Child("servicedDate").Value;
        if (dateText is null) Reject(item.PathOf("servicedDate"), R.Missing, "no service date");
        else if (DatePattern.Parse(dateText) is { Success: true } d) date = d.Value;
        else Reject(item.PathOf("servicedDate"), R.Invalid, $"'{Show(dateText)}' is not a date yyyy-MM-dd");

        int? units = null;
        var unitsText = item.Child("quantity").Child("value").Value;
        if (unitsText is null) Reject(item.PathOf("quantity"), R.Missing, "no quantity");
        else if (int.TryParse(unitsText, NumberStyles.None, CultureInfo.InvariantCulture, out var u) && u is >= 1 and <= 9999) units = u;
        else Reject(item.PathOf("quantity/value"), R.Invalid, $"'{Show(unitsText)}' is not a whole number of units 1-9999");

        var priceElement = item.Child("unitPrice");
        Money? price = priceElement.IsNone ? null : ReadMoney(priceElement, priceElement, Reject);
        var priceOk = priceElement.IsNone || price is not null;
        var netElement = item.Child("net");
        Money? fee = netElement.IsNone ? null : ReadMoney(netElement, netElement, Reject);
        if (netElement.IsNone) Reject(item.PathOf("net"), R.Missing, "no net amount (fee paid)");
        if (fee is { } f && price is { } p && units is { } n && p.Times(n) != f)
            Reject(netElement.Path(), R.Mismatch, $"net {f} EUR where {n} x {p} EUR = {p.Times(n)} EUR");

        Money? supplement = null;
        var supplementExt = Extension(item, Fhir.ItemSupplementUrl);
        var supplementOk = supplementExt.IsNone || (supplement = ReadMoney(supplementExt.Child("valueMoney"), supplementExt, Reject)) is not null;

        EAttestLine? line = sequence > 0 && code is { } cd && date is { } dt && units is { } un && fee is { } fe && priceOk && supplementOk
            ? new EAttestLine(sequence, cd, dt, un, price, fe, supplement)
            : null;
        return new ItemDraft(sequence, element, line, fee, rejections);
    }

    private static EAttestReadResult DataChecks(EAttestReadResult result, IEfactReferenceData data)
    {
        if (result.Attestation is not { } a) return result;
        var rejections = result.Rejections.ToList();
        var first = a.Lines.Min(l => l.ServiceDate);
        if (data.Beneficiary(a.MemberNiss, first) == EfactBeneficiaryStatus.Unknown)
            rejections.Add(new EAttestRejection("Bundle/entry/resource/Patient/identifier", R.MemberUnknown, "the member is not known (NISS not shown)"));
        var lines = result.Lines.Select(l =>
        {
            if (l.Line is not { } line || rejections.Count > result.Rejections.Count) return l;
            var extra = new List<EAttestRejection>();
            if (data.Beneficiary(a.MemberNiss, line.ServiceDate) == EfactBeneficiaryStatus.NotInsured)
                extra.Add(new EAttestRejection(l.Element + "/servicedDate", R.MemberNotInsured, $"the member is not insured on {line.ServiceDate:yyyy-MM-dd}", l.Sequence));
            if (!data.IsKnownProvider(a.ProviderNihii, line.ServiceDate))
                extra.Add(new EAttestRejection(l.Element, R.ProviderUnknown, $"provider {a.ProviderNihii} is not known on {line.ServiceDate:yyyy-MM-dd}", l.Sequence));
            if (!data.CodeExists(line.NomenclatureCode, line.ServiceDate))
                extra.Add(new EAttestRejection(l.Element + "/productOrService", R.CodeUnknown, $"code {line.NomenclatureCode:000000} does not exist on {line.ServiceDate:yyyy-MM-dd}", l.Sequence));
            return extra.Count == 0 ? l : l with { Rejections = new ValueList<EAttestRejection>(l.Rejections.Concat(extra)) };
        }).ToList();
        return result with { Rejections = new ValueList<EAttestRejection>(rejections), Lines = new ValueList<EAttestReadLine>(lines) };
    }
}
