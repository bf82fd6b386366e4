namespace Strata.Storage;

/// <summary>A file listed by <see cref="ILakeStorage.ListAsync"/>.</summary>
/// <param name="Path">Lake-relative path.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">Last modification time (UTC).</param>
public sealed record StorageEntry(string Path, long Size, DateTimeOffset LastModified);
