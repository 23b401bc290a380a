using Engine.Jobs.Registry;
using NodaTime;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// Issue 13: registry imports are incremental (the insurer sends its whole registry every evening), every bad row is
/// reported, and a registry saved by a Belgian Excel (';', BOM, TRUE/FALSE, decimal comma) is read.
/// </summary>
public sealed class RegistryImportTests() : TempStore("engine-registry-import-", Instant.FromUtc(2024, 3, 1, 0, 0))
{
    private static readonly Instant Evening1 = Instant.FromUtc(2024, 3, 4, 17, 0), Evening2 = Instant.FromUtc(2024, 3, 5, 17, 0);

    private string Registry(string members, string statuses, string households, string householdMembers, string providers, string name = "registry")
    {
        var dir = Path.Combine(Folder, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "members.csv"), "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to\n" + members);
        File.WriteAllText(Path.Combine(dir, "statuses.csv"), "beneficiary_id,status,from_date,to_date,provider_id,bim_kind\n" + statuses);
        File.WriteAllText(Path.Combine(dir, "households.csv"), "household_id,year,reference_income,bim_household,chronic\n" + households);
        File.WriteAllText(Path.Combine(dir, "household_members.csv"), "household_id,beneficiary_id,year,relation\n" + householdMembers);
        File.WriteAllText(Path.Combine(dir, "providers.csv"), "provider_id,nihii,name,kind,conventioned,iban\n" + providers);
        return dir;
    }

    private const string Members = "M1,85073003328,Member One,1985-07-30,1,131,BE68539007547034,2000-01-01,\nM2,05010112385,Member Two,2005-01-01,2,131,,2005-01-01,\n";
    private const string Statuses = "M1,dmg,2024-01-01,,P1,\nM2,bim,2023-01-01,,,avantages\n";
    private const string Households = "H1,2024,25000.00,false,false\n";
    private const string HouseholdMembers = "H1,M1,2024,titulaire\nH1,M2,2024,dependant\n";
    private const string Providers = "P1,18334780004,Dr One,gp,true,BE68539007547034\n";

    private (long Members, long Statuses, long Households, long HouseholdMembers, long Providers) Rows()
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={StorePath}");
        c.Open();
        long Count(string table) { using var cmd = c.CreateCommand(); cmd.CommandText = $"SELECT COUNT(*) FROM {table}"; return (long)cmd.ExecuteScalar()!; }
        return (Count("beneficiaries"), Count("beneficiary_statuses"), Count("households"), Count("household_members"), Count("providers"));
    }

    [Fact]
    public void An_unchanged_registry_adds_no_row_and_a_changed_row_adds_exactly_one_version()
    {
        var import = new RegistryImport(Store);
        var first = import.Import(Registry(Members, Statuses, Households, HouseholdMembers, Providers), Evening1);
        Assert.Equal(8, first.Added); // 2 members + 2 statuses + 1 household-year + 2 memberships + 1 provider
        Assert.Equal((2, 2, 1, 2, 1), Rows());

        var again = import.Import(Registry(Members, Statuses, Households, HouseholdMembers, Providers), Evening2);
        Assert.Equal(0, again.Added);
        Assert.Equal((2, 2, 1, 2, 1), Rows());
        Assert.Contains("members.csv 0 new, 0 changed, 2 unchanged", again.Describe());

        // M2's IBAN arrives, M1's DMG ends, the household's income is corrected: one new version of each, nothing else.
        var changed = import.Import(Registry(
            Members.Replace("2005-01-01,2,131,,", "2005-01-01,2,131,BE71096123456769,"),
            Statuses.Replace("M1,dmg,2024-01-01,,P1,", "M1,dmg,2024-01-01,2024-02-29,P1,"),
            Households.Replace("25000.00", "24000.00"), HouseholdMembers, Providers, "registry-3"), Evening2 + Duration.FromHours(1));
        Assert.Equal(3, changed.Added);
        Assert.Equal((3, 3, 2, 2, 1), Rows());
        Assert.Equal("BE71096123456769", Store.Beneficiaries(Evening2 + Duration.FromHours(2)).Single(b => b.BeneficiaryId == "M2").Iban);
        Assert.Null(Store.Beneficiaries(Evening2).Single(b => b.BeneficiaryId == "M2").Iban);
    }

    [Fact]
    public void Every_bad_row_of_every_file_is_reported_and_nothing_is_stored()
    {
        var dir = Registry(
            "M1,85073003328,Member One,1985-07-30,1,131,,2000-01-01,\nM2,x,Member Two,2005-13-01,2,131,,2005-01-01,\nM3,x,Three,1990-01-01,two,131,,2005-01-01,\n",
            Statuses, "H1,2024,25000.00,maybe,false\n", HouseholdMembers, Providers);
        var e = Assert.Throws<InvalidDataException>(() => new RegistryImport(Store).Import(dir, Evening1));
        Assert.Equal(
            [
                $"{Path.Combine(dir, "members.csv")}:3: column 'birth_date': '2005-13-01' is not a date yyyy-MM-dd",
                $"{Path.Combine(dir, "members.csv")}:4: column 'sex': 'two' is not a whole number",
                $"{Path.Combine(dir, "households.csv")}:2: column 'bim_household': 'maybe' is not true or false",
            ], e.Message.Split('\n'));
        Assert.Equal((0, 0, 0, 0, 0), Rows());
    }

    [Fact]
    public void A_registry_saved_by_a_Belgian_Excel_reads_as_the_same_rows()
    {
        var comma = RegistryCsv.Read(Registry(Members, Statuses, Households, HouseholdMembers, Providers), Evening1);
        // Excel (fr-BE / nl-BE, "CSV UTF-8 (séparateur: point-virgule)"): BOM, ';', TRUE/FALSE, a decimal comma.
        var dir = Path.Combine(Folder, "excel");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(Path.Combine(Folder, "registry")))
        {
            var text = File.ReadAllText(f).Replace(',', ';').Replace(";false", ";FALSE").Replace(";true", ";VRAI").Replace("25000.00", "25000,00");
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(f)), text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        }
        Assert.Equal(0xEF, File.ReadAllBytes(Path.Combine(dir, "households.csv"))[0]);
        var excel = RegistryCsv.Read(dir, Evening1);
        RegistryCsv.Write(Path.Combine(Folder, "out-comma"), comma);
        RegistryCsv.Write(Path.Combine(Folder, "out-excel"), excel);
        foreach (var f in Directory.GetFiles(Path.Combine(Folder, "out-comma")))
            Assert.Equal(File.ReadAllText(f), File.ReadAllText(Path.Combine(Folder, "out-excel", Path.GetFileName(f))));
        Assert.Contains("H1,2024,25000.00,false,false", File.ReadAllText(Path.Combine(Folder, "out-excel", "households.csv")));

        // A header that does not match names the separator it was read with.
        File.WriteAllText(Path.Combine(dir, "providers.csv"), "provider_id;nihii;name;kind;conventionned;iban\n");
        var e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(dir, Evening1));
        Assert.StartsWith($"{Path.Combine(dir, "providers.csv")}:1: wrong header 'provider_id;nihii;name;kind;conventionned;iban': " +
                          "expected 'provider_id,nihii,name,kind,conventioned,iban' (read with the separator ';' found in the header line", e.Message);
    }

    [Fact]
    public void A_member_s_language_recorded_by_the_registry_is_stored_and_chooses_the_language_of_their_answers()
    {
        var dir = Registry(Members, Statuses, Households, HouseholdMembers, Providers);
        File.WriteAllText(Path.Combine(dir, "members.csv"),
            "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to,language\n" +
            "M1,85073003328,Member One,1985-07-30,1,131,,2000-01-01,,NL\nM2,05010112385,Member Two,2005-01-01,2,131,,2005-01-01,,de\n");
        new RegistryImport(Store).Import(dir, Evening1);
        var members = Store.Beneficiaries(Evening1).ToDictionary(b => b.BeneficiaryId);
        Assert.Equal(("nl", "de"), (members["M1"].Language, members["M2"].Language));

        // Dutch recorded: answered in Dutch; German recorded (no catalogue yet): French, the default; --lang wins.
        Assert.Equal("nl", new Engine.Jobs.Members.MemberLineFacts { Language = "nl" }.AnswerLanguage(null));
        Assert.Equal("fr", new Engine.Jobs.Members.MemberLineFacts { Language = "de" }.AnswerLanguage(null));
        Assert.Equal("fr", new Engine.Jobs.Members.MemberLineFacts().AnswerLanguage(null));
        Assert.Equal("en", new Engine.Jobs.Members.MemberLineFacts { Language = "nl" }.AnswerLanguage("en"));

        // The same registry again adds nothing; a language changed adds one version of that member.
        Assert.Equal(0, new RegistryImport(Store).Import(dir, Evening2).Added);
        File.WriteAllText(Path.Combine(dir, "members.csv"), File.ReadAllText(Path.Combine(dir, "members.csv")).Replace(",de\n", ",fr\n"));
        Assert.Equal(1, new RegistryImport(Store).Import(dir, Evening2 + Duration.FromHours(1)).Added);

        File.WriteAllText(Path.Combine(dir, "members.csv"), File.ReadAllText(Path.Combine(dir, "members.csv")).Replace(",fr\n", ",xx\n"));
        var e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(dir, Evening2));
        Assert.Equal($"{Path.Combine(dir, "members.csv")}:3: column 'language': 'xx' is not one of fr, nl, de, en (or empty: not recorded)", e.Message);
    }
}
