using NodaTime;

namespace Engine.Jobs.Recalc;

/// <summary>
/// What finance staff recalculate: the care lines (and their MAF refunds, and the indemnity statements) of one member,
/// one household, one provider or one code, optionally only those of a period (care dates, or indemnity periods that
/// overlap it); or every line of a period.
/// </summary>
public sealed record RecalcScope(string? Member = null, string? Household = null, string? Provider = null, int? Code = null,
    LocalDate? From = null, LocalDate? To = null)
{
    /// <summary>Null when the scope can be used, else why not.</summary>
    public string? Problem
    {
        get
        {
            var chosen = new object?[] { Member, Household, Provider, Code }.Count(x => x is not null);
            if (chosen > 1) return "give one of --member, --household, --provider, --code (and optionally --from/--to)";
            if (chosen == 0 && (From is null || To is null)) return "give --member, --household, --provider or --code, or a period --from DATE --to DATE";
            if (From is { } f && To is { } t && t < f) return $"--to {t:yyyy-MM-dd} is before --from {f:yyyy-MM-dd}";
            if (new[] { Member, Household, Provider }.Any(x => x is { Length: 0 } || (x is not null && string.IsNullOrWhiteSpace(x))))
                return "an empty id";
            return null;
        }
    }

    /// <summary>Whether indemnity statements are in scope: they belong to members, not to providers or codes.</summary>
    public bool Indemnities => Provider is null && Code is null;

    public override string ToString()
    {
        var what = Member is not null ? $"member {Member}"
            : Household is not null ? $"household {Household}"
            : Provider is not null ? $"provider {Provider}"
            : Code is not null ? $"code {Code}"
            : "period";
        return From is null && To is null ? what : $"{what}, {Date(From)}..{Date(To)}";
    }

    private static string Date(LocalDate? d) => d?.ToString("yyyy-MM-dd", null) ?? "";
}
