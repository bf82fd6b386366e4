using System.Buffers;

namespace Strata.Parquet;

/// <summary>
/// A growable byte buffer whose arrays come from <see cref="ArrayPool{T}.Shared"/>: a Parquet page of a large
/// column is built in a rented array instead of a fresh large-object-heap array per page and file.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(256, initialCapacity));

    /// <summary>Bytes written so far.</summary>
    public int WrittenCount { get; private set; }

    /// <summary>The bytes written so far (writable, for patching a length in place).</summary>
    public Span<byte> WrittenSpan => _buffer.AsSpan(0, WrittenCount);

    /// <summary>Forgets the written bytes, keeping the array.</summary>
    public void ResetWrittenCount() => WrittenCount = 0;

    public void Advance(int count)
    {
        if (count < 0 || WrittenCount + count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    private void Ensure(int sizeHint)
    {
        var need = WrittenCount + Math.Max(1, sizeHint);
        if (need <= _buffer.Length) return;
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(need, checked(_buffer.Length * 2)));
        _buffer.AsSpan(0, WrittenCount).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        WrittenCount = 0;
    }
}
