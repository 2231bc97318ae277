namespace ComputeUtility.Server.Tests.Infrastructure;

/// <summary>Small guests written in WebAssembly text for the paths the examples never take.</summary>
internal static class Guests
{
    private const string Header = """
        (import "cu" "post_message" (func $post (param i32 i32 i32)))
        (memory (export "memory") 1)
        (func (export "cu_alloc") (param $len i32) (result i32) (i32.const 1024))
        """;

    /// <summary>Echoes every message, but spins forever on the JSON string "spin".</summary>
    public static byte[] Spinner => Wasm($$"""
        (module {{Header}}
          (func (export "cu_on_message") (param $ptr i32) (param $len i32) (param $kind i32)
            (if (i32.eq (i32.load8_u (i32.add (local.get $ptr) (i32.const 1))) (i32.const 115))
              (then (loop $forever (br $forever))))
            (call $post (local.get $ptr) (local.get $len) (local.get $kind))))
        """);

    /// <summary>Posts every message back, then spins forever: the reply says the call has started.</summary>
    public static byte[] AnnouncingSpinner => Wasm($$"""
        (module {{Header}}
          (func (export "cu_on_message") (param $ptr i32) (param $len i32) (param $kind i32)
            (call $post (local.get $ptr) (local.get $len) (local.get $kind))
            (loop $forever (br $forever))))
        """);

    /// <summary>On any message tries to grow memory by 64 MiB and says whether it could.</summary>
    public static byte[] Grower => Wasm($$"""
        (module {{Header}}
          (data (i32.const 16) "{\"grow\":\"failed\"}")
          (data (i32.const 48) "{\"grow\":\"ok\"}")
          (func (export "cu_on_message") (param $ptr i32) (param $len i32) (param $kind i32)
            (if (i32.eq (memory.grow (i32.const 1024)) (i32.const -1))
              (then (call $post (i32.const 16) (i32.const 17) (i32.const 0)))
              (else (call $post (i32.const 48) (i32.const 13) (i32.const 0))))))
        """);

    /// <summary>Traps (unreachable) on every message.</summary>
    public static byte[] Trapper => Wasm($$"""
        (module {{Header}}
          (func (export "cu_on_message") (param i32 i32 i32) unreachable))
        """);

    /// <summary>Posts kind 0 bytes that are not JSON.</summary>
    public static byte[] Liar => Wasm($$"""
        (module {{Header}}
          (data (i32.const 16) "not json")
          (func (export "cu_on_message") (param i32 i32 i32)
            (call $post (i32.const 16) (i32.const 8) (i32.const 0))))
        """);

    /// <summary>Runs forever in <c>_initialize</c>.</summary>
    public static byte[] SlowStarter => Wasm($$"""
        (module {{Header}}
          (func (export "_initialize") (loop $forever (br $forever)))
          (func (export "cu_on_message") (param i32 i32 i32)))
        """);

    /// <summary>Lacks <c>cu_on_message</c>.</summary>
    public static byte[] MissingExport => Wasm($$"""
        (module {{Header}})
        """);

    /// <summary>Imports something the utility does not provide.</summary>
    public static byte[] ForeignImport => Wasm($$"""
        (module (import "env" "open_socket" (func (param i32) (result i32))) {{Header}}
          (func (export "cu_on_message") (param i32 i32 i32)))
        """);

    /// <summary>Recurses without end on every message: exhausts its stack.</summary>
    public static byte[] Recurser => Wasm($$"""
        (module {{Header}}
          (func $down (param i32) (result i32) (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
          (func (export "cu_on_message") (param i32 i32 i32) (drop (call $down (i32.const 0)))))
        """);

    /// <summary>Echoes each message after a short busy wait (about a million loop turns), so its queue fills.</summary>
    public static byte[] SlowEcho => Slow(1_000_000);

    /// <summary>Echoes each message after about <paramref name="turns"/> turns of a busy loop.</summary>
    public static byte[] Slow(int turns) => Wasm($$"""
        (module {{Header}}
          (func (export "cu_on_message") (param $ptr i32) (param $len i32) (param $kind i32) (local $i i32)
            (local.set $i (i32.const {{turns}}))
            (loop $busy (local.set $i (i32.sub (local.get $i) (i32.const 1))) (br_if $busy (local.get $i)))
            (call $post (local.get $ptr) (local.get $len) (local.get $kind))))
        """);

    /// <summary>A valid reactor that starts with 64 MiB of memory, more than the tests' 16 MiB cap.</summary>
    public static byte[] BigStart => Wasm("""
        (module (import "cu" "post_message" (func $post (param i32 i32 i32)))
          (memory (export "memory") 1024)
          (func (export "cu_alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "cu_on_message") (param i32 i32 i32)))
        """);

    /// <summary>Posts 100,000 one-byte binary messages in a single call.</summary>
    public static byte[] Flooder => Wasm($$"""
        (module {{Header}}
          (func (export "cu_on_message") (param i32 i32 i32) (local $i i32)
            (local.set $i (i32.const 100000))
            (loop $again
              (call $post (i32.const 16) (i32.const 1) (i32.const 1))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br_if $again (local.get $i)))))
        """);

    /// <summary>Writes 8 MiB of 'x' to stdout in one call (fd_write of a 64 KiB buffer, 128 times): twice the log budget.</summary>
    public static byte[] Chatterbox => Wasm($$"""
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
          {{Header}}
          (func (export "cu_on_message") (param i32 i32 i32) (local $i i32)
            (drop (memory.grow (i32.const 1)))
            (memory.fill (i32.const 65536) (i32.const 120) (i32.const 65536))
            (i32.store (i32.const 32) (i32.const 65536))
            (i32.store (i32.const 36) (i32.const 65536))
            (local.set $i (i32.const 128))
            (loop $again
              (drop (call $write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 48)))
              (local.set $i (i32.sub (local.get $i) (i32.const 1)))
              (br_if $again (local.get $i)))
            (call $post (i32.const 16) (i32.const 1) (i32.const 1))))
        """);

    /// <summary>A WASI command whose <c>_start</c> never returns.</summary>
    public static byte[] EndlessCommand => Wasm("""
        (module (memory (export "memory") 1) (func (export "_start") (loop $forever (br $forever))))
        """);

    /// <summary>A valid reactor whose table starts with <paramref name="elements"/> elements.</summary>
    public static byte[] BigTable(int elements) => Wasm($$"""
        (module {{Header}} (table {{elements}} funcref)
          (func (export "cu_on_message") (param i32 i32 i32)))
        """);

    /// <summary>A valid reactor with five tables, one more than a guest may have.</summary>
    public static byte[] FiveTables => Wasm($$"""
        (module {{Header}} (table 1 funcref) (table 1 funcref) (table 1 funcref) (table 1 funcref) (table 1 funcref)
          (func (export "cu_on_message") (param i32 i32 i32)))
        """);

    /// <summary>A valid reactor with a second memory (multi-memory), though cu1 guests have one.</summary>
    public static byte[] TwoMemories => Wasm($$"""
        (module {{Header}} (memory 1)
          (func (export "cu_on_message") (param i32 i32 i32)))
        """);

    /// <summary>
    /// A valid reactor whose <c>cu_on_message</c> is <paramref name="branches"/> dependent add-and-branch steps in one
    /// body: about 19 bytes each, and compile time grows faster than size (10,000 take about a second on one core);
    /// <paramref name="copies"/> functions of that body take that many times as long.
    /// </summary>
    public static byte[] SlowToCompile(int branches, int copies = 1)
    {
        var body = new System.Text.StringBuilder();
        for (var i = 0; i < branches; i++)
        {
            body.Append("(local.set 3 (i32.add (local.get 3) (local.get 0)))(if (local.get 3) (then (local.set 0 (i32.mul (local.get 0) (local.get 3)))))");
        }

        // Further copies of the body compile one after another (one core per compilation): time grows with them.
        var copiesText = string.Concat(Enumerable.Repeat($"(func (param i32 i32 i32) (local i32) {body})", copies - 1));
        return Wasm($$"""
            (module {{Header}}
              (func (export "cu_on_message") (param i32 i32 i32) (local i32)
                {{body}})
              {{copiesText}})
            """);
    }

    /// <summary>A valid reactor that defines <paramref name="extra"/> empty functions besides <c>cu_alloc</c> and <c>cu_on_message</c>.</summary>
    public static byte[] ManyFunctions(int extra) => Wasm($$"""
        (module {{Header}}
          {{string.Concat(Enumerable.Repeat("(func)", extra))}}
          (func (export "cu_on_message") (param i32 i32 i32)))
        """);

    /// <summary>Not WebAssembly at all.</summary>
    public static byte[] Garbage => "\0asm-but-not-really-a-module"u8.ToArray();

    private static byte[] Wasm(string text) => Wasmtime.Module.ConvertText(text);
}
