namespace Strata.Tests.Engine;

/// <summary>Marks tests that use much CPU and memory: they run alone, so timing tests elsewhere are not disturbed.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyEngineTests
{
    public const string Name = "Heavy engine tests";
}
