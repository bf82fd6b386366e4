using System.Reflection;

namespace Strata.Vault.Modules;

/// <summary>A resolved builder function: the static method and the hash of the code it comes from.</summary>
internal sealed record ModuleFunction(MethodInfo Method, string CodeHash);
