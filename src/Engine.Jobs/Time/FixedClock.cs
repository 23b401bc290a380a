using NodaTime;

namespace Engine.Jobs.Time;

/// <summary>A clock that says what it is told. The demo uses it so that two demos of the same night are identical.</summary>
public sealed class FixedClock(Instant now) : IClock
{
    private Instant _now = now;

    public Instant GetCurrentInstant() => _now;

    public void Set(Instant now) => _now = now;
}
