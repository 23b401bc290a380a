using NodaTime;

namespace Engine.Jobs.Runs;

/// <summary>A run is named by its kind and date: starting the same run again is recognised as the same run.</summary>
public static class RunIds
{
    public static string Nightly(LocalDate date) => $"nightly-{date:yyyy-MM-dd}";
}
