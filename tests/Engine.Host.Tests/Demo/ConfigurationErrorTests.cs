namespace Engine.Host.Tests.Demo;

/// <summary>A malformed configuration value or a missing input gives one line that names it, and a non-zero exit.</summary>
[Collection("process-wide")]
public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engine-config-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (int Code, string Err) Run(params string[] args)
    {
        var stderr = new StringWriter();
        var code = Program.Run(args, new StringWriter(), stderr);
        return (code, stderr.ToString());
    }

    [Theory]
    [InlineData("""{ "Engine": { "Workers": "many" } }""", "Engine:Workers")]
    [InlineData("""{ "Engine": { "Nightly": { "Cron": "every night" } } }""", "Engine:Nightly:Cron = 'every night'")]
    [InlineData("""{ "Engine": { "Nightly": { "TimeZone": "Europe/Bruxelles" } } }""", "Engine:Nightly:TimeZone = 'Europe/Bruxelles'")]
    [InlineData("""{ "Engine": { "Payer": { "Iban": "BE68539007547035" } } }""", "Engine:Payer:Iban")]
    [InlineData("""{ "Engine": { "Databse": { } } }""", "Databse")]
    [InlineData("""{ "Engine": { "Run": { "Partitions": 0 } } }""", "Engine:Run:Partitions = 0")]
    [InlineData("""{ "Engine": { "Run": { "PartitionLines": 0 } } }""", "Engine:Run:PartitionLines = 0 must be between 1 and 10000000")]
    [InlineData("""{ "Engine": { "Hangfire": { "Schema": "Hang-fire; drop" } } }""", "Engine:Hangfire:Schema = 'Hang-fire; drop' must be a PostgreSQL name")]
    [InlineData("""{ "Engine": { "Database": { "Provider": "oracle" } } }""", "Engine:Database:Provider = 'oracle' is not supported (sqlite, postgres, sqlserver)")]
    [InlineData("""{ "Engine": { "Hangfire": { "InvisibilityTimeout": "00:00:01" } } }""", "Engine:Hangfire:InvisibilityTimeout = 00:00:01 must be between 00:00:05 and 1.00:00:00")]
    [InlineData("""{ "Engine": { "Nightly": { "Cron": "*/5 * * * * * *" } } }""", "Engine:Nightly:Cron = '*/5 * * * * * *' is not a valid cron expression")]
    public void A_malformed_configuration_value_is_one_line_naming_it(string json, string named)
    {
        var file = Path.Combine(_root, "bad.json");
        File.WriteAllText(file, json);
        var (code, err) = Run("migrate", "--config", file, "--database", Path.Combine(_root, "x.db"));
        Assert.Equal(2, code);
        Assert.Contains(named, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("2999-01-01T00:00:00Z", "--as-of '2999-01-01T00:00:00Z' is in the future")]
    [InlineData("yesterday", "--as-of 'yesterday' is not an instant")]
    public void Serve_refuses_a_clock_fixed_in_the_future_or_unreadable_naming_it(string asOf, string named)
    {
        var (code, err) = Run("serve", "--as-of", asOf, "--database", Path.Combine(_root, "x.db"));
        Assert.Equal(2, code);
        Assert.Contains(named, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void A_missing_input_folder_is_one_line_naming_it()
    {
        var missing = Path.Combine(_root, "no-such-folder");
        var (code, err) = Run("import", "registry", missing, "--database", Path.Combine(_root, "x.db"));
        Assert.Equal(2, code);
        Assert.Contains(missing, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void A_configuration_file_that_is_not_json_is_one_line_naming_it()
    {
        var file = Path.Combine(_root, "broken.json");
        File.WriteAllText(file, "{ \"Engine\": { \"Workers\": 2, } oops");
        var (code, err) = Run("migrate", "--config", file, "--database", Path.Combine(_root, "x.db"));
        Assert.Equal(2, code);
        Assert.Contains(file, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void A_missing_configuration_file_is_one_line_naming_it()
    {
        var missing = Path.Combine(_root, "nope.json");
        var (code, err) = Run("migrate", "--config", missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, err);
    }
}
