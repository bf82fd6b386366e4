namespace Strata.Vault.Processes;

/// <summary>The failure <see cref="VaultOptions.FailAtStep"/> injects (tests only).</summary>
internal sealed class InjectedFailureException(string message) : Exception(message);
