namespace Engine.Jobs.Efact;

/// <summary>
/// Positions of the zones the engine writes and checks, from efact-layout.md §2-§3 (1-based, inclusive).
/// Zones not listed are reserved: zeros in numeric zones, spaces in alphanumeric ones.
/// </summary>
public static class EfactLayout
{
    public const int RecordLength = 350;
    public const int HeaderLength = Segment200Length + Segment300Length;
    public const int Segment200Length = 67;
    public const int Segment300Length = 160;

    public const string SendingMessageName = "920000";

    /// <summary>Segment 200 (message identification).</summary>
    public static class S200
    {
        public static readonly EfactZone Name = new("200", 1, 6);
        public static readonly EfactZone Version = new("201", 9, 2);
        public static readonly EfactZone Type = new("202", 13, 2);
        public static readonly EfactZone Status = new("203", 17, 2);
        public static readonly EfactZone Reference = new("204", 21, 14);
        public static readonly EfactZone OaReference = new("205", 37, 14);
        public static readonly EfactZone Reserved = new("206", 53, 15);
        /// <summary>The 2-digit error zone after each data zone (2001, 2011, ...): the zone's end + 1.</summary>
        public static readonly int[] ErrorZoneStarts = [7, 11, 15, 19, 35, 51];
    }

    /// <summary>Segment 300 (sending variant, 160 chars); positions relative to the segment.</summary>
    public static class S300
    {
        public static readonly EfactZone InvoicedMonth = new("300", 1, 6);
        public static readonly EfactZone SendingNumber = new("301", 9, 3);
        public static readonly EfactZone CreationDate = new("302", 14, 8);
        public static readonly EfactZone FileReference = new("303", 24, 13);
        public static readonly EfactZone InstructionsVersion = new("304", 39, 7);
        public static readonly EfactZone ContactLastName = new("305", 48, 45);
        public static readonly EfactZone ContactFirstName = new("306", 95, 24);
        public static readonly EfactZone ContactPhone = new("307", 121, 10);
        public static readonly EfactZone InvoiceType = new("308", 133, 2);
        public static readonly EfactZone InvoicingMode = new("309", 137, 2);
        public static readonly EfactZone Reserved = new("310", 141, 20);
        public static readonly int[] ErrorZoneStarts = [7, 12, 22, 37, 46, 93, 119, 131, 135, 139];
    }

    /// <summary>Zones present in every record 10-90.</summary>
    public static class Common
    {
        public static readonly EfactZone RecordType = new("1", 1, 2);
        public static readonly EfactZone Sequence = new("2", 3, 6);
        public static readonly EfactZone ControlDigits = new("98", 347, 2);
        public static readonly EfactZone CheckDigits = new("99", 349, 2);
    }

    public static class R10
    {
        public static readonly EfactZone IndexCode = new("3", 9, 1);
        public static readonly EfactZone InstructionsVersion = new("4", 10, 7);
        public static readonly EfactZone SendingNumber = new("7", 33, 3);
        public static readonly EfactZone InvoicingContent = new("13", 53, 3);
        public static readonly EfactZone ThirdParty = new("14", 56, 12);
        public static readonly EfactZone InvoicedYear = new("22", 108, 5);
        public static readonly EfactZone InvoicedMonth = new("23", 113, 2);
        public static readonly EfactZone CreationDate = new("25-26", 120, 8);
        public static readonly EfactZone EnterpriseNumber = new("27", 128, 10);
        public static readonly EfactZone SenderReference = new("28", 138, 25);
        public static readonly EfactZone BicA = new("31-34", 167, 11);
        public static readonly EfactZone IbanA = new("36-41", 179, 34);
        public static readonly EfactZone BicB = new("43a", 219, 11);
        public static readonly EfactZone IbanB = new("49-52", 271, 34);
    }

    public static class R20
    {
        public static readonly EfactZone AffiliationMutuality = new("7", 33, 3);
        public static readonly EfactZone Beneficiary = new("8", 36, 13);
        public static readonly EfactZone Sex = new("9", 49, 1);
        public static readonly EfactZone InvoiceType = new("10", 50, 1);
        public static readonly EfactZone InvoicingType = new("11", 51, 1);
        public static readonly EfactZone Institution = new("14", 56, 12);
        public static readonly EfactZone DestinationMutuality = new("18", 85, 3);
        public static readonly EfactZone InvoiceNumber = new("24-25", 115, 12);
        public static readonly EfactZone SenderReference = new("28", 138, 25);
        public static readonly EfactZone BeneficiaryFlag = new("32", 175, 1);
        public static readonly EfactZone RefA = new("38-39", 183, 22);
        public static readonly EfactZone RefB = new("49-51", 271, 22);
    }

    public static class R50
    {
        public static readonly EfactZone Norm = new("3", 9, 1);
        public static readonly EfactZone Code = new("4", 10, 7);
        public static readonly EfactZone FirstDate = new("5", 17, 8);
        public static readonly EfactZone LastDate = new("6", 25, 8);
        public static readonly EfactZone AffiliationMutuality = new("7", 33, 3);
        public static readonly EfactZone Beneficiary = new("8", 36, 13);
        public static readonly EfactZone Sex = new("9", 49, 1);
        public static readonly EfactZone Account = new("11", 51, 1);
        public static readonly EfactZone ServiceCode = new("13", 53, 3);
        public static readonly EfactZone Provider = new("15", 68, 12);
        public static readonly EfactZone ProviderNorm = new("16", 80, 1);
        public static readonly EfactZone Amount = new("19", 88, 12);
        public static readonly EfactZone PrescriptionDate = new("20-21", 100, 8);
        public static readonly EfactZone Units = new("22", 108, 5);
        public static readonly EfactZone Prescriber = new("24-25", 115, 12);
        public static readonly EfactZone PrescriberNorm = new("26", 127, 1);
        public static readonly EfactZone PersonalShare = new("27", 128, 10);
        public static readonly EfactZone SenderReference = new("28", 138, 25);
        public static readonly EfactZone Supplement = new("30-31", 165, 10);
        public static readonly EfactZone ThirdPartyException = new("32", 175, 1);
        public static readonly EfactZone ConventionCode = new("35", 178, 1);
        public static readonly EfactZone ProductLabel = new("44-45", 231, 30);
        public static readonly EfactZone BaseValue = new("47", 262, 8);
    }

    /// <summary>Records 51 and 52 (optional, after their record 50): the zones the reader checks.</summary>
    public static class R5x
    {
        public static readonly EfactZone Code = new("4", 10, 7);
        public static readonly EfactZone Date = new("5", 17, 8);
        public static readonly EfactZone Beneficiary = new("8", 36, 13);
    }

    public static class R80
    {
        public static readonly EfactZone AffiliationMutuality = new("7", 33, 3);
        public static readonly EfactZone Beneficiary = new("8", 36, 13);
        public static readonly EfactZone Sex = new("9", 49, 1);
        public static readonly EfactZone InvoiceType = new("10", 50, 1);
        public static readonly EfactZone Institution = new("14", 56, 12);
        public static readonly EfactZone AmountB = new("15", 68, 12);
        public static readonly EfactZone DestinationMutuality = new("18", 85, 3);
        public static readonly EfactZone AmountA = new("19", 88, 12);
        public static readonly EfactZone InvoiceNumber = new("24-25", 115, 12);
        public static readonly EfactZone PersonalShare = new("27", 128, 10);
        public static readonly EfactZone Reference = new("28", 138, 25);
        public static readonly EfactZone Supplement = new("30-31", 165, 10);
        public static readonly EfactZone BeneficiaryFlag = new("32", 175, 1);
        public static readonly EfactZone Advance = new("38", 183, 12);
    }

    public static class R90
    {
        public static readonly EfactZone SendingNumber = new("7", 33, 3);
        public static readonly EfactZone ThirdParty = new("14", 56, 12);
        public static readonly EfactZone AmountB = new("15", 68, 12);
        public static readonly EfactZone AmountA = new("19", 88, 12);
        public static readonly EfactZone InvoicedYear = new("22", 108, 5);
        public static readonly EfactZone InvoicedMonth = new("23", 113, 2);
        public static readonly EfactZone EnterpriseNumber = new("27", 128, 10);
        public static readonly EfactZone Reference = new("28", 138, 25);
        public static readonly EfactZone BicA = new("31-34", 167, 11);
        public static readonly EfactZone IbanA = new("36-41", 179, 34);
        public static readonly EfactZone BicB = new("43a", 219, 11);
        public static readonly EfactZone IbanB = new("49-52", 271, 34);
    }

    /// <summary>Record 95 (per destination mutuality) and 96 (grand total) share one "segment style" layout.</summary>
    public static class R9x
    {
        public static readonly EfactZone RecordType = new("400", 1, 2);
        public static readonly EfactZone Mutuality = new("401", 5, 3);
        public static readonly EfactZone RecapNumber = new("402", 10, 12);
        public static readonly EfactZone SignA = new("403", 24, 1);
        public static readonly EfactZone AmountA = new("404", 25, 11);
        public static readonly EfactZone SignB = new("405", 38, 1);
        public static readonly EfactZone AmountB = new("406", 39, 11);
        public static readonly EfactZone SignTotal = new("407", 52, 1);
        public static readonly EfactZone AmountTotal = new("408", 53, 11);
        public static readonly EfactZone RecordCount = new("409", 66, 8);
        public static readonly EfactZone ControlDigits = new("410", 76, 2);
        /// <summary>The 2-digit error zone after each data zone (4001, 4011, ...).</summary>
        public static readonly int[] ErrorZoneStarts = [3, 8, 22, 36, 50, 64, 74, 78];

        /// <summary>Record 96 numbers the same zones 500, 501, ... instead of 400, 401, ...</summary>
        public static string Name(EfactZone zone, bool is96) =>
            is96 ? "5" + zone.Number[1..] : zone.Number;
    }
}
