using System.Buffers.Binary;
using ComputeUtility.Server.Tests.Infrastructure;

namespace ComputeUtility.Server.Tests.Sandbox;

/// <summary>Section 10.5: fd_fdstat_get shows the standard fds as terminals, so C stdio flushes each line; other fds do not exist.</summary>
public sealed class StdioFdstatTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    /// <summary>On any message: fd_fdstat_get for fds 0 to 3 into 64 + 24·fd, the errnos as i32 at 200 + 4·fd; posts bytes 64..216.</summary>
    private static readonly byte[] Reporter = Wasmtime.Module.ConvertText("""
        (module
          (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $stat (param i32 i32) (result i32)))
          (import "cu" "post_message" (func $post (param i32 i32 i32)))
          (memory (export "memory") 1)
          (func (export "cu_alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "cu_on_message") (param i32 i32 i32) (local $fd i32)
            (loop $next
              (i32.store (i32.add (i32.const 200) (i32.mul (local.get $fd) (i32.const 4)))
                (call $stat (local.get $fd) (i32.add (i32.const 64) (i32.mul (local.get $fd) (i32.const 24)))))
              (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
              (br_if $next (i32.lt_u (local.get $fd) (i32.const 4))))
            (call $post (i32.const 64) (i32.const 152) (i32.const 1))))
        """);

    [Fact]
    [Requirement("CU-ABI-19")]
    public async Task CU_ABI_19_fds_0_to_2_are_character_devices_without_seek_or_tell_rights_and_fd_3_is_EBADF()
    {
        var worker = await CreatedWorker.CreateAsync(utility.Client, TestPackage.Publish(utility.Origin, "stdio", Reporter));
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);

        await channel.SendJsonAsync("1");
        var bytes = (await channel.ReceiveKindAsync("binary")).Bytes!;

        for (var fd = 0; fd < 3; fd++)
        {
            var stat = bytes.AsSpan(fd * 24, 24);
            BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(136 + (fd * 4))).Should().Be(0, $"fd_fdstat_get({fd}) succeeds");
            stat[0].Should().Be(2, $"fd {fd} is a character device");
            (BinaryPrimitives.ReadUInt64LittleEndian(stat[8..]) & ((1UL << 2) | (1UL << 5))).Should().Be(0UL, $"fd {fd} has no fd_seek or fd_tell right");
        }

        BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(136 + 12)).Should().Be(8, "fd 3 does not exist: EBADF");
    }
}
