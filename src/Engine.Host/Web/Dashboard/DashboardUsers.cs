using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Engine.Jobs;
using Microsoft.AspNetCore.Identity;

namespace Engine.Host.Web.Dashboard;

/// <summary>
/// The dashboard's users as configured (Engine:Dashboard:Users): a name, the PBKDF2 hash of the password in ASP.NET
/// Core's PasswordHasher format (made by `engine dashboard-password`), and a role. Checks them at start, and tells who
/// an HTTP Basic `Authorization` header names, if anyone. The password is never stored, logged nor printed.
/// </summary>
public sealed class DashboardUsers
{
    public const string Operator = "operator";
    public const string Auditor = "auditor";

    private static readonly PasswordHasher<DashboardUser> Hasher = new();

    /// <summary>Verified against when the name is unknown, so that an unknown name takes as long as a wrong password.</summary>
    private static readonly string Decoy = Hasher.HashPassword(new DashboardUser(), "decoy: no user has this password");

    private readonly Dictionary<string, DashboardUser> _byName;

    /// <summary>
    /// Headers verified recently, by a keyed hash of the header (never the header itself): PBKDF2 is slow by design, and
    /// the dashboard's page loads and polls send the same header many times a minute.
    /// </summary>
    private readonly ConcurrentDictionary<string, (DashboardUser User, long UntilMs)> _verified = new(StringComparer.Ordinal);
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private const long RememberedMs = 5 * 60 * 1000;

    private DashboardUsers(Dictionary<string, DashboardUser> byName) => _byName = byName;

    public int Count => _byName.Count;

    /// <summary>The users of the configuration, checked: every defect one line naming the user's place (not its hash).</summary>
    public static DashboardUsers From(DashboardOptions options)
    {
        var problems = new List<string>();
        var byName = new Dictionary<string, DashboardUser>(StringComparer.Ordinal);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var where = $"Engine:Dashboard:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Contains(':', StringComparison.Ordinal))
                problems.Add($"{where}:Name = '{user.Name}' must be a name without ':'");
            else if (!byName.TryAdd(user.Name, user))
                problems.Add($"{where}:Name = '{user.Name}' is given twice");
            if (user.Role is not (Operator or Auditor))
                problems.Add($"{where}:Role = '{user.Role}' must be '{Operator}' or '{Auditor}'");
            // The value itself is never repeated: it may be a password put there by mistake.
            if (!IsHash(user.PasswordHash))
                problems.Add($"{where}:PasswordHash is not a password hash (make one with `engine dashboard-password`; never put the password itself)");
        }
        if (problems.Count > 0) throw new Commands.CliError("configuration: " + string.Join("; ", problems));
        return new DashboardUsers(byName);
    }

    /// <summary>The hash of a password to put in Engine:Dashboard:Users:N:PasswordHash (PBKDF2, random salt: a new one each time).</summary>
    public static string Hash(string password) => Hasher.HashPassword(new DashboardUser(), password);

    /// <summary>PasswordHasher's version 3 format: 0x01, PRF, iteration count, salt length, salt, subkey (base64).</summary>
    private static bool IsHash(string text)
    {
        var bytes = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, bytes, out var length) || length < 13 + 16 + 32 || bytes[0] != 0x01) return false;
        var salt = (bytes[9] << 24) | (bytes[10] << 16) | (bytes[11] << 8) | bytes[12];
        return salt >= 16 && 13 + salt < length;
    }

    /// <summary>The user an `Authorization: Basic ...` header names with the right password, or null.</summary>
    public DashboardUser? Authenticate(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization) || !AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            return null;
        var key = Convert.ToHexString(HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(header.Parameter)));
        if (_verified.TryGetValue(key, out var known) && known.UntilMs > Environment.TickCount64) return known.User;

        string pair;
        try
        {
            pair = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return null;
        var user = _byName.GetValueOrDefault(pair[..colon]);
        var result = Hasher.VerifyHashedPassword(user ?? new DashboardUser(), user?.PasswordHash ?? Decoy, pair[(colon + 1)..]);
        if (user is null || result == PasswordVerificationResult.Failed) return null;
        if (_verified.Count > 256) _verified.Clear();
        _verified[key] = (user, Environment.TickCount64 + RememberedMs);
        return user;
    }

    /// <summary>The request's identity once authenticated: the name and the role (what the dashboard's read-only switch reads).</summary>
    public static ClaimsPrincipal Principal(DashboardUser user) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], "Basic"));
}
