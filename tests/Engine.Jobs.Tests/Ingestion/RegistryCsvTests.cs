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
        Assert.Equal($"{Path.Combine(_dir, "members.csv")}:2: column 'sex': '********328' is not a whole number", e.Message);

        File.WriteAllText(Path.Combine(_dir, "members.csv"),
            "beneficiary_id,niss,name,birth_date,sex,mutuality,iban,insured_from,insured_to\n" +
            "M1,85073003328,Member One,BE68539007547034,1,131,,2000-01-01,\n");
        e = Assert.Throws<InvalidDataException>(() => RegistryCsv.Read(_dir, Instant.FromUtc(2024, 3, 4, 17, 0)));
        Assert.Equal($"{Path.Combine(_dir, "members.csv")}:2: column 'birth_date': 'BE**********7034' is not a date yyyy-MM-dd", e.Message);
    }
}
