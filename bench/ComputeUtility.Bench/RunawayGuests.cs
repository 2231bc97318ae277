namespace ComputeUtility.Bench;

/// <summary>
/// Guests that never return, written out as WebAssembly binary (a few dozen bytes each, no toolchain needed):
/// a command whose <c>_start</c> loops forever and a reactor whose <c>cu_on_message</c> does.
/// </summary>
internal static class RunawayGuests
{
    private static readonly byte[] Preamble = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    // (memory 1): one memory, minimum one page.
    private static readonly byte[] MemorySection = [0x05, 0x03, 0x01, 0x00, 0x01];

    // A body without locals: loop; br 0; end; end.
    private static readonly byte[] Forever = [0x07, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b];

    /// <summary>(func (export "_start") (loop br 0)) with an exported memory.</summary>
    public static byte[] Command =>
    [
        .. Preamble,
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type 0: () -> ()
        0x03, 0x02, 0x01, 0x00, // one function of type 0
        .. MemorySection,
        0x07, 0x13, 0x02, // exports: memory, _start
        0x06, .. "memory"u8, 0x02, 0x00,
        0x06, .. "_start"u8, 0x00, 0x00,
        0x0a, 0x09, 0x01, .. Forever,
    ];

    /// <summary>cu_alloc returns 1024; cu_on_message loops forever.</summary>
    public static byte[] Reactor =>
    [
        .. Preamble,
        0x01, 0x0c, 0x02, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00, // (i32)->i32, (i32 i32 i32)->()
        0x03, 0x03, 0x02, 0x00, 0x01,
        .. MemorySection,
        0x07, 0x25, 0x03, // exports: memory, cu_alloc, cu_on_message
        0x06, .. "memory"u8, 0x02, 0x00,
        0x08, .. "cu_alloc"u8, 0x00, 0x00,
        0x0d, .. "cu_on_message"u8, 0x00, 0x01,
        0x0a, 0x0f, 0x02,
        0x05, 0x00, 0x41, 0x80, 0x08, 0x0b, // i32.const 1024
        .. Forever,
    ];
}
