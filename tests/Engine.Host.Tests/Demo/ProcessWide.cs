namespace Engine.Host.Tests.Demo;

/// <summary>Tests that start the generic host share process-wide state (Serilog's and Hangfire's statics): one at a time.</summary>
[CollectionDefinition("process-wide", DisableParallelization = true)]
public sealed class ProcessWide;
