using BenchmarkDotNet.Running;
using Engine.Benchmarks.Scale;

namespace Engine.Benchmarks;

public static class Program
{
    /// <summary>`scale ...`: the measured night (see <see cref="ScaleCommand"/>); anything else goes to BenchmarkDotNet.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "scale") return ScaleCommand.Run(args[1..], Console.Out);
        if (args.Length > 0 && args[0] == "stages") return StagesCommand.Run(args[1..], Console.Out);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
