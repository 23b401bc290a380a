using Engine.Host.Hosting;
using Engine.Jobs;
using Engine.Store.SqlServer;

namespace Engine.Host.Tests.Demo;

/// <summary>`sqlserver` is a provider the engine runs on (the store is made without reaching the server).</summary>
public sealed class SqlServerProviderTests
{
    [Fact]
    public void The_sqlserver_provider_is_accepted_and_gives_the_SQL_Server_store()
    {
        Assert.Null(StoreFactory.Refusal(StoreFactory.SqlServer));
        using var store = (SqlServerStore)StoreFactory.Create(new DatabaseOptions
        {
            Provider = StoreFactory.SqlServer, ConnectionString = "Server=db.example;Database=engine;Integrated Security=true;TrustServerCertificate=true",
        });
        Assert.IsType<SqlServerStore>(store);
    }
}
