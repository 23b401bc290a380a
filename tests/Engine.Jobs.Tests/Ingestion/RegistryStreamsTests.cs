using Engine.Jobs.Data;
using Engine.Jobs.Registry;
using Engine.Jobs.Tests.Stores;
using NodaTime;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>
/// On every store: `import registry` compares each file with the latest versions streamed from the store
/// (StreamBeneficiaries and the others), which are the rows the registry's lists read; an unchanged registry adds
/// nothing, each changed row one version.
/// </summary>
public abstract class RegistryStreamsTests(StoreKind kind) : TempStore("engine-registry-streams-", Instant.FromUtc(2024, 3, 1, 0, 0), kind)
{
    private static readonly Instant Evening1 = Instant.FromUtc(2024, 3, 4, 17, 0), Evening2 = Instant.FromUtc(2024, 3, 5, 17, 0);

    private string Registry(string name, string members, string statuses, string households)
    {
        var dir = Path.Combine(Folder, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "members.csv"), "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to,language\n" + members);
        File.WriteAllText(Path.Combine(dir, "statuses.csv"), "beneficiary_id,status,from_date,to_date,provider_id,bim_kind\n" + statuses);
        File.WriteAllText(Path.Combine(dir, "households.csv"), "household_id,year,reference_income,bim_household,chronic\n" + households);
        File.WriteAllText(Path.Combine(dir, "household_members.csv"), "household_id,beneficiary_id,year,relation\nH1,M1,2024,titulaire\nH1,M2,2024,\n");
        File.WriteAllText(Path.Combine(dir, "providers.csv"), "provider_id,nihii,name,kind,conventioned,iban\nP1,18334780004,Dr One,gp,true,\nP2,18334780004,Dr Two,gp,false,BE68539007547034\n");
        return dir;
    }

    private const string Members = "M1,85073003328,Member One,1985-07-30,1,131,BE68539007547034,2000-01-01,,nl\nM2,05010112385,Member Two,2005-01-01,2,131,,2005-01-01,2024-12-31,\n";
    private const string Statuses = "M1,dmg,2024-01-01,,P1,\nM2,bim,2023-01-01,,,avantages\nM2,bim,2024-01-01,2024-06-30,,\n";
    private const string Households = "H1,2024,25000.00,false,false\nH1,2023,,true,true\n";

    [SkippableFact]
    public void The_streamed_versions_are_the_listed_ones_and_an_unchanged_registry_adds_nothing()
    {
        var import = new RegistryImport(Store);
        Assert.Equal(11, import.Import(Registry("r1", Members, Statuses, Households), Evening1).Added); // 2 members + 3 statuses + 2 household-years + 2 memberships + 2 providers
        Assert.Equal(0, import.Import(Registry("r2", Members, Statuses, Households), Evening2).Added);
        // M2's insurance end removed, a BIM period ended, the 2023 income arrives: one version each.
        var changed = import.Import(Registry("r3", Members.Replace("2005-01-01,2024-12-31,", "2005-01-01,,"),
            Statuses.Replace("M2,bim,2023-01-01,,,avantages", "M2,bim,2023-01-01,2023-12-31,,avantages"), Households.Replace("H1,2023,,", "H1,2023,1000.50,")),
            Evening2 + Duration.FromHours(1));
        Assert.Equal(3, changed.Added);
        Assert.Contains("statuses.csv 0 new, 1 changed, 2 unchanged", changed.Describe());

        foreach (var at in new[] { Evening1, Evening2 + Duration.FromHours(2) })
        {
            Assert.Equal(Store.Beneficiaries(at).Select(b => (b.BeneficiaryId, b.Niss, b.Name, b.BirthDate, b.Sex, b.Mutuality, b.Iban, b.InsuredFrom, b.InsuredTo, b.KnownAt, b.Language)),
                Store.StreamBeneficiaries(at).Select(b => (b.BeneficiaryId, b.Niss, b.Name, b.BirthDate, b.Sex, b.Mutuality, b.Iban, b.InsuredFrom, b.InsuredTo, b.KnownAt, b.Language)));
            Assert.Equal(Store.Statuses(at).Select(s => (s.BeneficiaryId, s.Status, s.FromDate, s.ToDate, s.ProviderId, s.KnownAt, s.BimKind)),
                Store.StreamStatuses(at).Select(s => (s.BeneficiaryId, s.Status, s.FromDate, s.ToDate, s.ProviderId, s.KnownAt, s.BimKind))
                    .OrderBy(s => s.BeneficiaryId, StringComparer.Ordinal).ThenBy(s => s.Status, StringComparer.Ordinal).ThenBy(s => s.FromDate));
            Assert.Equal(Store.Households(at).Select(h => (h.HouseholdId, h.Year, h.ReferenceIncome, h.BimHousehold, h.Chronic, h.KnownAt)),
                Store.StreamHouseholds(at).Select(h => (h.HouseholdId, h.Year, h.ReferenceIncome, h.BimHousehold, h.Chronic, h.KnownAt)));
            Assert.Equal(Store.HouseholdMembers(at).Select(m => (m.HouseholdId, m.BeneficiaryId, m.Year, m.KnownAt, m.Relation)),
                Store.StreamHouseholdMembers(at).Select(m => (m.HouseholdId, m.BeneficiaryId, m.Year, m.KnownAt, m.Relation)));
            Assert.Equal(Store.Providers(at).Select(p => (p.ProviderId, p.Nihii, p.Name, p.Kind, p.Conventioned, p.Iban, p.KnownAt)),
                Store.StreamProviders(at).Select(p => (p.ProviderId, p.Nihii, p.Name, p.Kind, p.Conventioned, p.Iban, p.KnownAt)));
        }
        foreach (var at in new[] { Evening1, Evening2 + Duration.FromHours(2) })
            Assert.Equal(Store.Beneficiaries(at).Select(b => new MemberCoverRow(b.BeneficiaryId, b.Niss, b.Mutuality, b.InsuredFrom, b.InsuredTo)),
                Store.MemberCovers(at));
        // What the imports check against: M2 insured until the end of 2024, then (the registry of the 5th) with no end.
        Assert.Equal([new MemberCoverRow("M1", "85073003328", 131, new LocalDate(2000, 1, 1), null),
                new MemberCoverRow("M2", "05010112385", 131, new LocalDate(2005, 1, 1), new LocalDate(2024, 12, 31))],
            Store.MemberCovers(Evening1));
        Assert.Null(Store.MemberCovers(Evening2 + Duration.FromHours(2)).Single(m => m.BeneficiaryId == "M2").InsuredTo);
        Assert.Equal(3, Store.StreamStatuses(Evening2 + Duration.FromHours(2)).Count());
        Assert.Equal(new LocalDate(2023, 12, 31), Store.StreamStatuses(Evening2 + Duration.FromHours(2)).Single(s => s.FromDate == new LocalDate(2023, 1, 1)).ToDate);
        Assert.Null(Store.StreamStatuses(Evening2).Single(s => s.FromDate == new LocalDate(2023, 1, 1)).ToDate);
    }
}

public sealed class RegistryStreamsTestsOnSqlite() : RegistryStreamsTests(StoreKind.Sqlite);

public sealed class RegistryStreamsTestsOnPostgres() : RegistryStreamsTests(StoreKind.Postgres);

public sealed class RegistryStreamsTestsOnSqlServer() : RegistryStreamsTests(StoreKind.SqlServer);
