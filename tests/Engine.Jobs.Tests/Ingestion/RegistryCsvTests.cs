using Engine.Jobs.Registry;
using NodaTime;

namespace Engine.Jobs.Tests.Ingestion;

public sealed class RegistryCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("engine-registry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_bad_cell_holding_a_NISS_or_an_IBAN_is_named_without_the_value_in_clear()
    {
        // Two columns swapped in members.csv: the error named file, line and column, and quoted the NISS found there. That
        // message goes to the console and, as the exception of a failed command, in clear to logs/.
        File.WriteAllText(Path.Combine(_dir, "members.csv"),
            "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to\n" +
            "M1,1,Member One,1985-07-30,85073003328,131,,2000-01-01,\n");
        var e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(_dir, Instant.FromUtc(2024, 3, 4, 17, 0)));
        Assert.Equal($"{Path.Combine(_dir, "members.csv")}:2: column 'sex': '********328' is not a whole number", e.Message.Split('\n')[0]);

        File.WriteAllText(Path.Combine(_dir, "members.csv"),
            "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to\n" +
            "M1,85073003328,Member One,BE68539007547034,1,131,,2000-01-01,\n");
        e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(_dir, Instant.FromUtc(2024, 3, 4, 17, 0)));
        Assert.Equal($"{Path.Combine(_dir, "members.csv")}:2: column 'birth_date': 'BE**********7034' is not a date yyyy-MM-dd", e.Message.Split('\n')[0]);
    }

    private void WriteRegistry(string householdMembers)
    {
        File.WriteAllText(Path.Combine(_dir, "members.csv"), "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to\n");
        File.WriteAllText(Path.Combine(_dir, "statuses.csv"), "beneficiary_id,status,from_date,to_date,provider_id\n");
        File.WriteAllText(Path.Combine(_dir, "households.csv"), "household_id,year,reference_income,bim_household,chronic\nH5,2024,30000.00,true,false\n");
        File.WriteAllText(Path.Combine(_dir, "providers.csv"), "provider_id,nihii,name,kind,conventioned,iban\n");
        File.WriteAllText(Path.Combine(_dir, "household_members.csv"), householdMembers);
    }

    [Fact]
    public void The_household_relation_is_an_added_optional_last_column()
    {
        // With the column: each member's relation (empty = not said); without it (the format before): all not said.
        WriteRegistry("household_id,beneficiary_id,year,relation\nH5,B1,2024,titulaire\nH5,B2,2024,Partner\nH5,B3,2024,dependant\nH5,B4,2024,other\nH5,B5,2024,\n");
        var with = RegistryCsv.Read(_dir, Instant.FromUtc(2024, 3, 4, 17, 0));
        Assert.Equal(["titulaire", "partner", "dependant", "other", null], with.HouseholdMembers.Select(m => m.Relation));

        WriteRegistry("household_id,beneficiary_id,year\nH5,B1,2024\n");
        var without = RegistryCsv.Read(_dir, Instant.FromUtc(2024, 3, 4, 17, 0));
        Assert.Null(Assert.Single(without.HouseholdMembers).Relation);

        // Written back with the column last, and read the same.
        var round = Path.Combine(_dir, "round");
        RegistryCsv.Write(round, with);
        Assert.Equal("household_id,beneficiary_id,year,relation", File.ReadLines(Path.Combine(round, "household_members.csv")).First());
        Assert.Equal(with.HouseholdMembers.Select(m => m.Relation), RegistryCsv.Read(round, Instant.FromUtc(2024, 3, 4, 17, 0)).HouseholdMembers.Select(m => m.Relation));
    }

    [Fact]
    public void An_unknown_relation_is_refused_naming_file_line_and_column()
    {
        WriteRegistry("household_id,beneficiary_id,year,relation\nH5,B1,2024,titulaire\nH5,B9,2024,lodger\n");
        var e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(_dir, Instant.FromUtc(2024, 3, 4, 17, 0)));
        Assert.Equal($"{Path.Combine(_dir, "household_members.csv")}:3: column 'relation': 'lodger' is not one of titulaire, partner, dependant, other (or empty: not said)", e.Message);
    }
}
