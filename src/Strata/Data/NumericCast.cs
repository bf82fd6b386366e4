using System.Numerics;

namespace Strata.Data;

/// <summary>Checked conversion between numeric types (long → int, int → double, ...) without boxing.</summary>
internal static class NumericCast<TSource, TTarget>
    where TSource : INumberBase<TSource>
    where TTarget : INumberBase<TTarget>
{
    // A fraction must not be silently dropped when a floating-point value goes into an integer.
    private static readonly bool WholeOnly = IsInteger(typeof(TTarget)) && !IsInteger(typeof(TSource));

    /// <summary>Converts the value.</summary>
    /// <exception cref="OverflowException">The value does not fit, or has a fraction and the target is an integer.</exception>
    public static TTarget Convert(TSource value)
    {
        if (WholeOnly && !TSource.IsInteger(value))
            throw new OverflowException($"{value} is not a whole number and cannot be stored as {typeof(TTarget).Name}.");
        return TTarget.CreateChecked(value);
    }

    private static bool IsInteger(Type t) =>
        t == typeof(sbyte) || t == typeof(short) || t == typeof(int) || t == typeof(long) ||
        t == typeof(byte) || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong);
}
