namespace Strata.Tests.Durability;

/// <summary>
/// The durability tests start child processes that use both cores; running them one at a time keeps
/// every test's timing realistic (no outcome depends on timing, but kills should land mid-commit).
/// </summary>
[CollectionDefinition(Name)]
public sealed class DurabilityCollection
{
    public const string Name = "Durability";
}
