namespace ComputeUtility.Server.Sandbox;

/// <summary>An exported mutable global: its name, type (i32, i64, f32, f64, v128) and raw bits as lower-case hex.</summary>
internal sealed record SnapshotGlobal(string Name, string Type, string Bits);
