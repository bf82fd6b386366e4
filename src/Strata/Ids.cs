using System.Globalization;
using System.Security.Cryptography;

namespace Strata;

/// <summary>Generated identifiers: random, sortable by creation time, safe as file names.</summary>
internal static class Ids
{
    public static string NewLakeId() => "lake-" + Random(8);

    public static string NewTableId() => "t-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Random(6);

    /// <summary>A unique file name stem for data written by this process.</summary>
    public static string NewFileStem() => DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + Random(8);

    public static string Random(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
