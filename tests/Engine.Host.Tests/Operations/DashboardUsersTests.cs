using System.Text;
using Engine.Host.Commands;
using Engine.Host.Web.Dashboard;
using Engine.Jobs;

namespace Engine.Host.Tests.Operations;

/// <summary>The dashboard's users: checked at start, and recognised by their Basic header with the right password only.</summary>
public sealed class DashboardUsersTests
{
    private static string Basic(string name, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{password}"));

    private static readonly Lazy<(string Operator, string Auditor)> Hashes =
        new(() => (DashboardUsers.Hash("operator-password-1"), DashboardUsers.Hash("auditor-password-1")));

    private static DashboardUsers Users() => DashboardUsers.From(new DashboardOptions
    {
        Users =
        [
            new DashboardUser { Name = "ops", PasswordHash = Hashes.Value.Operator, Role = "operator" },
            new DashboardUser { Name = "audit", PasswordHash = Hashes.Value.Auditor, Role = "auditor" },
        ],
    });

    [Fact]
    public void Only_a_configured_name_with_its_own_password_is_recognised()
    {
        var users = Users();
        Assert.Equal(("ops", "operator"), users.Authenticate(Basic("ops", "operator-password-1")) is { } o ? (o.Name, o.Role) : default);
        Assert.Equal(("audit", "auditor"), users.Authenticate(Basic("audit", "auditor-password-1")) is { } a ? (a.Name, a.Role) : default);
        // Twice: the second answered from what was verified, still the same user.
        Assert.Equal("ops", users.Authenticate(Basic("ops", "operator-password-1"))?.Name);
        Assert.Null(users.Authenticate(Basic("ops", "auditor-password-1")));   // another user's password
        Assert.Null(users.Authenticate(Basic("ops", "operator-password-")));   // one character short
        Assert.Null(users.Authenticate(Basic("OPS", "operator-password-1")));  // names are exact
        Assert.Null(users.Authenticate(Basic("nobody", "operator-password-1")));
        Assert.Null(users.Authenticate(null));
        Assert.Null(users.Authenticate("Bearer abc"));
        Assert.Null(users.Authenticate("Basic not-base64!"));
        Assert.Null(users.Authenticate("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon"))));
    }

    [Fact]
    public void A_hash_is_salted_and_never_the_password()
    {
        var first = DashboardUsers.Hash("operator-password-1");
        Assert.NotEqual(first, DashboardUsers.Hash("operator-password-1"));
        Assert.DoesNotContain("operator-password-1", Encoding.UTF8.GetString(Convert.FromBase64String(first)));
        // PasswordHasher version 3: marker 0x01, PBKDF2 with HMAC-SHA512 (PRF 2), 100,000 iterations.
        var bytes = Convert.FromBase64String(first);
        Assert.Equal(1, bytes[0]);
        Assert.Equal(2, (bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4]);
        Assert.Equal(100_000, (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8]);
    }

    [Fact]
    public void A_configuration_with_a_clear_password_an_unknown_role_or_a_name_twice_is_refused_without_repeating_the_password()
    {
        var e = Assert.Throws<CliError>(() => DashboardUsers.From(new DashboardOptions
        {
            Users =
            [
                new DashboardUser { Name = "ops", PasswordHash = "my-secret-password", Role = "operator" },
                new DashboardUser { Name = "ops", PasswordHash = Hashes.Value.Operator, Role = "admin" },
                new DashboardUser { Name = "a:b", PasswordHash = Hashes.Value.Operator, Role = "auditor" },
            ],
        }));
        Assert.Equal("configuration: Engine:Dashboard:Users:0:PasswordHash is not a password hash (make one with `engine dashboard-password`; " +
                     "never put the password itself); Engine:Dashboard:Users:1:Name = 'ops' is given twice; " +
                     "Engine:Dashboard:Users:1:Role = 'admin' must be 'operator' or 'auditor'; Engine:Dashboard:Users:2:Name = 'a:b' must be a name without ':'",
            e.Message);
        Assert.DoesNotContain("my-secret-password", e.Message);
    }
}
