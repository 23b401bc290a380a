using Engine.Jobs.Data;
using Engine.Jobs.Generation;
using Engine.Jobs.Registry;
using NodaTime;

namespace Engine.Jobs.Tests.Ingestion;

/// <summary>statuses.csv gains an optional last column bim_kind (avantages / enquiry): a file without it still reads.</summary>
public sealed class RegistryBimKindTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-registry-bimkind-").FullName;
    private static readonly Instant Now = Instant.FromUtc(2025, 3, 4, 17, 0);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteRegistry(string statuses)
    {
        File.WriteAllText(Path.Combine(_dir, "members.csv"), "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to\n");
        File.WriteAllText(Path.Combine(_dir, "statuses.csv"), statuses);
        File.WriteAllText(Path.Combine(_dir, "households.csv"), "household_id,year,reference_income,bim_household,chronic\n");
        File.WriteAllText(Path.Combine(_dir, "household_members.csv"), "household_id,beneficiary_id,year\n");
        File.WriteAllText(Path.Combine(_dir, "providers.csv"), "provider_id,nihii,name,kind,conventioned,iban\n");
    }

    [Fact]
    public void The_kind_is_read_when_given_and_a_file_of_the_old_format_still_reads()
    {
        WriteRegistry("beneficiary_id,status,from_date,to_date,provider_id,bim_kind\n" +
                      "M1,bim,2020-01-01,,,avantages\nM2,bim,2020-01-01,,,enquiry\nM3,bim,2020-01-01,,,\nM1,dmg,2020-01-01,,P1,\n");
        var kinds = RegistryCsv.Read(_dir, Now).Statuses.Select(s => (s.BeneficiaryId, s.Status, s.BimKind)).ToList();
        Assert.Equal([("M1", "bim", "avantages"), ("M2", "bim", "enquiry"), ("M3", "bim", null), ("M1", "dmg", null)], kinds);

        WriteRegistry("beneficiary_id,status,from_date,to_date,provider_id\nM1,bim,2020-01-01,,\n");
        var old = Assert.Single(RegistryCsv.Read(_dir, Now).Statuses);
        Assert.Null(old.BimKind);
        Assert.True(old.BimAvantages);
    }

    [Fact]
    public void An_unknown_kind_or_a_kind_on_another_status_stops_the_import_naming_file_line_and_column()
    {
        WriteRegistry("beneficiary_id,status,from_date,to_date,provider_id,bim_kind\nM1,bim,2020-01-01,,,automatic\n");
        var e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(_dir, Now));
        Assert.Equal($"{Path.Combine(_dir, "statuses.csv")}:2: column 'bim_kind': 'automatic' is not avantages or enquiry", e.Message);

        WriteRegistry("beneficiary_id,status,from_date,to_date,provider_id,bim_kind\nM1,dmg,2020-01-01,,P1,enquiry\n");
        e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(_dir, Now));
        Assert.Equal($"{Path.Combine(_dir, "statuses.csv")}:2: column 'bim_kind': 'enquiry' is given on a 'dmg' row: only a bim row has a kind", e.Message);
    }

    [Fact]
    public void The_generated_registry_has_both_kinds_and_writes_them_back()
    {
        var options = new GeneratorOptions { Members = 2_000, Lines = 10, Seed = 7 };
        var registry = RegistryGenerator.Generate(options, Now);
        var bim = registry.Statuses.Where(s => s.Status == "bim").ToList();
        Assert.Contains(bim, s => s.BimKind == BimKinds.Avantages);
        Assert.Contains(bim, s => s.BimKind == BimKinds.Enquiry);
        Assert.All(registry.Statuses.Where(s => s.Status != "bim"), s => Assert.Null(s.BimKind));

        RegistryCsv.Write(_dir, registry);
        Assert.StartsWith("beneficiary_id,status,from_date,to_date,provider_id,bim_kind\n", File.ReadAllText(Path.Combine(_dir, "statuses.csv")).ReplaceLineEndings("\n"));
        var back = RegistryCsv.Read(_dir, Now).Statuses;
        Assert.Equal(registry.Statuses.Select(s => s.BimKind), back.Select(s => s.BimKind));
    }
}
