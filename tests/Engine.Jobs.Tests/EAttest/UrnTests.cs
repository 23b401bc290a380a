using Engine.Jobs.EAttest;
using FsCheck.Xunit;

namespace Engine.Jobs.Tests.EAttest;

/// <summary>An entry's urn hashed from its parts is the urn of the joined text it always was.</summary>
public sealed class UrnTests
{
    [Property(MaxTest = 500)]
    public void The_parts_hash_as_the_joined_text(string? seed, string? role, bool longSeed)
    {
        seed ??= "";
        role ??= "";
        if (longSeed) seed = string.Concat(Enumerable.Repeat(seed + "\u00e9\ud800", 40)); // past the stack buffer, a lone surrogate
        Assert.Equal(EAttestWriter.Urn(seed + "|" + role), EAttestWriter.Urn(seed, role));
    }

    [Fact]
    public void A_known_urn()
    {
        // SHA-256 of "abc|insurer", its first 16 bytes with the version (4) and variant bits set, worked out apart (Python's
        // hashlib and uuid).
        Assert.Equal("urn:uuid:b4dc1acc-7561-4c29-9491-e3cf5e1eca19", EAttestWriter.Urn("abc", "insurer"));
        Assert.Equal("urn:uuid:b4dc1acc-7561-4c29-9491-e3cf5e1eca19", EAttestWriter.Urn("abc|insurer"));
    }
}
