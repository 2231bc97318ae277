using System.Text.Json;
using ComputeUtility.Server.Http;
using ComputeUtility.Server.Messages;
using ComputeUtility.Server.Problems;
using Wasmtime;

namespace ComputeUtility.Server.Sandbox;

/// <summary>
/// Per-store host state: where <c>cu.post_message</c> delivers, the call's deadline, and the first ABI violation
/// the guest committed (raised as a trap so the guest unwinds, then reported as this fault).
/// </summary>
internal sealed class GuestContext(IGuestOutput output, int maxMessageBytes, TimeProvider time, DeadlineWatch? watch = null)
{
    public IGuestOutput Output { get; } = output;

    /// <summary>The deadline of the call in progress; the store's epoch-deadline callback asks it.</summary>
    public GuestDeadline Deadline { get; } = new(time, watch);

    public GuestFault? HostFault { get; private set; }

    public static GuestContext From(Caller caller) =>
        caller.GetData() as GuestContext ?? throw new InvalidOperationException("Store has no guest context.");

    public void PostMessage(Caller caller, int ptr, int len, int kind)
    {
        if (kind is not ((int)MessageKind.Json or (int)MessageKind.Binary))
        {
            Fail($"post_message was called with kind {kind}; only 0 (JSON text) and 1 (bytes) exist.");
        }

        if (len < 0 || len > maxMessageBytes)
        {
            Fail($"post_message was called with {len} bytes; the limit is {maxMessageBytes}.");
        }

        var memory = caller.GetMemory("memory");
        if (memory is null || ptr < 0 || (long)ptr + len > memory.GetLength())
        {
            Fail($"post_message was given a buffer [{ptr}, {ptr}+{len}) outside the guest's memory.");
        }

        var payload = memory!.GetSpan(ptr, len);
        if (kind == (int)MessageKind.Json && !Http.SingleJsonValue.Is(payload))
        {
            Fail("post_message kind 0 must carry one UTF-8 JSON value; the guest sent something else.");
        }

        Output.OnMessage(payload, (MessageKind)kind);
    }

    private void Fail(string detail)
    {
        HostFault ??= new GuestFault(ProblemTypes.GuestTrap, detail);
        throw new TrapException(detail);
    }
}
