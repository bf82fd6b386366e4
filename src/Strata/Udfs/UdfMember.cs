using System.Reflection;

namespace Strata.Udfs;

/// <summary>One element of a tuple or record returned by a multi-output UDF.</summary>
internal sealed record UdfMember(string Name, Type Type, MemberInfo Member);
