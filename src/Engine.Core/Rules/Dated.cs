using NodaTime;

namespace Engine.Core.Rules;

/// <summary>One value in force from <see cref="From"/> to <see cref="To"/> (inclusive; null = until further notice).</summary>
public sealed record Dated<T>(LocalDate From, LocalDate? To, T Value, RuleOrigin Origin)
{
    public bool Covers(LocalDate date) => date >= From && (To is null || date <= To.Value);

    public string Period => To is null ? $"from {From:yyyy-MM-dd}" : $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}";
}
