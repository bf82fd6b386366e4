using System.Runtime.InteropServices;

namespace Strata.Vault.Utilities;

/// <summary>
/// The OS file type of a path, without following links. .NET reports pipes, sockets and devices as ordinary
/// files (and opening a pipe can block), so on Linux this asks <c>statx</c>, whose result layout is the same on
/// every architecture (<c>stx_mode</c> is the 16-bit field at offset 28).
/// </summary>
internal static partial class UnixFileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>True when <paramref name="path"/> is a regular file (not a pipe, socket, device or link). Off Linux: true.</summary>
    public static unsafe bool IsRegularFile(string path)
    {
        if (!OperatingSystem.IsLinux()) return true;
        var buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            throw new IOException($"Could not read the file type of '{path}' (errno {Marshal.GetLastPInvokeError()}).");
        var mode = *(ushort*)(buffer + ModeOffset);
        return (mode & TypeMask) == RegularFile;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* result);
}
