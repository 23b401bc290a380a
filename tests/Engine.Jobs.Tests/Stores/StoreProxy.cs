using System.Reflection;
using System.Runtime.ExceptionServices;
using Engine.Jobs.Data;

namespace Engine.Jobs.Tests.Stores;

/// <summary>
/// A store seen through a proxy (DispatchProxy): a test overrides <see cref="Invoke"/> to record calls, answer some
/// itself, or die at one, and hands the rest to the store (<see cref="Forward"/>), its exceptions thrown as they are.
/// </summary>
public abstract class StoreProxy : DispatchProxy
{
    protected IEngineStore Inner { get; private set; } = null!;

    /// <summary><paramref name="store"/> behind a new <typeparamref name="TProxy"/>, set up by <paramref name="setUp"/>.</summary>
    public static IEngineStore Over<TProxy>(IEngineStore store, Action<TProxy>? setUp = null) where TProxy : StoreProxy
    {
        var proxy = Create<IEngineStore, TProxy>();
        var typed = (TProxy)(object)proxy;
        typed.Inner = store;
        setUp?.Invoke(typed);
        return proxy;
    }

    protected object? Forward(MethodInfo method, object?[]? args)
    {
        try { return method.Invoke(Inner, args); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
