// Type declarations for distributed-worker.js (the Compute Utility browser shim).

/** Where a DistributedWorker runs, or 'pending' while it is being placed. */
export type Placement = 'pending' | 'remote' | 'local' | 'ended';

export interface DistributedWorkerOptions {
  /** SRI digest of the manifest, e.g. `sha256-…` (the utility and the browser both check it). */
  integrity: string;
  /** The utilities to consider, by URL (their origins are used). None: the worker runs locally. */
  utility?: string | URL | Array<string | URL>;
  /**
   * The access token of a utility that serves its network to paired devices (spec 4.1): one for every utility, or
   * one per utility origin. A page served by the utility itself uses the token its /pair page kept.
   */
  accessToken?: string | Record<string, string>;
  /** 'auto' (default) picks the cheapest place; 'remote' only utilities; 'local' only this browser. */
  placement?: 'auto' | 'remote' | 'local';
  /** A message timed on each side when choosing (in throw-away instances); the faster side wins. */
  probe?: unknown;
  /** Runs of the probe per side; the fastest counts. Default 2. */
  probeRuns?: number;
  /**
   * What a millisecond of this device's CPU costs against one of a utility's. Default 1; above 1
   * where local work is dear, e.g. a phone on battery. Multiplies local probe times and localMs.
   */
  localWeight?: number;
  /** The page's own estimate of one message's local time, compared with utility estimates. */
  localMs?: number;
  /** Typical message size in bytes, sent with estimate requests. */
  inputBytes?: number;
  /** Without a probe or estimate, use a utility only within this round trip. Default 20 ms. */
  maxRoundTripMs?: number;
  /** How long a utility may take to answer its descriptor. Default 2000 ms. */
  timeoutMs?: number;
  /** Mirror the worker's stdout/stderr lines to the console. Default true. */
  logToConsole?: boolean;
  /**
   * Snapshot policy for state-preserving fail-over. While the worker runs on a utility, the shim
   * takes a snapshot every `everyMessages` messages sent and/or every `everyMs` milliseconds,
   * downloads its bytes at once (so they outlive the utility), and keeps the messages sent after
   * the latest one. When the utility vanishes, the worker resumes from it on another utility
   * (bytes uploaded) or locally, the kept messages are sent again, and replies the page already
   * received are dropped: nothing lost, nothing doubled. Without it, a fail-over restarts the worker.
   */
  snapshots?: { everyMessages?: number; everyMs?: number };
  /** Start from these snapshot bytes (spec 13.3) instead of a fresh instance; see `DistributedWorker.restore`. */
  resumeFrom?: ArrayBuffer | ArrayBufferView;
}

/** A snapshot of a worker (spec 13): its bytes in the format of spec 13.3 and what it covers. */
export interface WorkerSnapshot {
  /** The utility's snapshot id, or null for a snapshot the page's local worker took. */
  id: string | null;
  /** The snapshot bytes (application/vnd.compute-utility.snapshot). */
  bytes: ArrayBuffer;
  sizeBytes: number;
  /** SRI digest of the bytes as the utility gave it (checked on download), or null for local snapshots. */
  digest: string | null;
  /** The last inbound sequence number whose handling the memory reflects. */
  coversMessagesThrough: number;
  /** The worker's last event id when it was taken. */
  coversEventsThrough: number;
  /** The last sequence number the snapshot holds, its undelivered messages included. */
  lastSequence: number;
  /** Where it was taken: a utility origin or 'local'. */
  takenOn: string | null;
  createdAt: string | null;
}

/** The parts of snapshot bytes, as `parseSnapshot` reads them. */
export interface ParsedSnapshot {
  /** The JSON header (spec 13.3): format, abi, package, coversMessagesThrough, globals, … */
  header: {
    format: 'cu-snapshot-1';
    abi: string;
    package: { url: string; integrity: string; name?: string; version?: string; moduleIntegrity: string };
    coversMessagesThrough: number;
    coversEventsThrough?: number;
    memoryBytes: number;
    globals: Array<{ name: string; type: 'i32' | 'i64' | 'f32' | 'f64' | 'v128'; bits: string }>;
    pendingMessages: number;
    [member: string]: unknown;
  };
  memoryBytes: number;
  /** Non-zero pages: page index and the offset of its 65536 bytes in the snapshot bytes. */
  pages: Array<{ index: number; offset: number }>;
  /** Undelivered messages: kind 0 (JSON text) or 1 (bytes), with their inbound sequence numbers. */
  pending: Array<{ kind: 0 | 1; sequence: number; payload: Uint8Array }>;
}

/** Reads snapshot bytes (spec 13.3); throws on bytes that do not follow the format. */
export declare function parseSnapshot(bytes: ArrayBuffer | ArrayBufferView): ParsedSnapshot;
/** Writes snapshot bytes: the header (memoryBytes and pendingMessages filled in), the memory's non-zero pages, the undelivered messages. */
export declare function writeSnapshot(header: object, memory: Uint8Array | ArrayBuffer,
  pending?: Array<{ kind: 0 | 1; sequence: number; payload: Uint8Array | ArrayBuffer }>): ArrayBuffer;

/** What placement learned about one place it considered. */
export interface CandidateReport {
  /** A utility origin, or 'local'. */
  utility: string;
  usable: boolean;
  note: string;
  /** The descriptor URL placement read (utilities only). */
  descriptorUrl?: string;
  rttMs?: number;
  /** The descriptor's `load` object as the utility published it (spec 5.1). */
  load?: { pressure?: string; [member: string]: unknown };
  /**
   * The utility's load as the descriptor's `load.pressure` (spec 5.1): the only load figure a page on another origin
   * sees. A `critical` utility is chosen only when no other is usable.
   */
  pressure?: 'nominal' | 'fair' | 'serious' | 'critical';
  /** The utility's estimate, or null where it offers estimates and gave none. */
  estimate?: { queueMs: number; computeMs: number; totalMs: number; confidence?: number; basedOnRuns?: number } | null;
  probeMs?: number;
  score?: number;
}

export interface PlacementDetail {
  placement: Placement;
  reason: string;
  utility: string | null;
}

export interface FailoverDetail {
  from: { placement: Placement; utility: string | null };
  to: PlacementDetail;
  /**
   * What went wrong, e.g. "the connection to the utility broke (1006)", or a utility that hangs behind an open socket:
   * "the utility sent nothing for 1520 ms, 3 heartbeat intervals of 500 ms" (no frame for 3 × `limits.heartbeatIntervalMs`).
   */
  reason: string;
  /**
   * True when the worker resumed from a snapshot (the `snapshots` option), false when it was
   * restarted from scratch because no snapshot had been completed.
   */
  stateCarriedOver: boolean;
  /** The snapshot it resumed from, when state was carried over. */
  snapshot?: WorkerSnapshot;
  /** Messages sent after the snapshot, sent again to the resumed worker. */
  replayedMessages?: number;
  /** Events of the resumed worker dropped because the page had already received them. */
  droppedEvents?: number;
  /** A sentence for people: where it resumed, and whether (and from which snapshot) state was carried over. */
  message: string;
}

export interface ExitDetail {
  reason: 'terminated' | 'idle-timeout' | 'orphaned' | 'proc-exit' | 'shutdown' | 'failed';
  exitCode?: number;
}

export interface LogDetail {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** A problem object (RFC 9457) as the utility or the local host reports it. */
export interface Problem {
  type: string;
  title?: string;
  status?: number;
  detail?: string;
  [member: string]: unknown;
}

export interface DistributedWorkerEventMap {
  message: MessageEvent;
  error: ErrorEvent;
  log: CustomEvent<LogDetail>;
  placement: CustomEvent<PlacementDetail>;
  failover: CustomEvent<FailoverDetail>;
  /** A snapshot became the one a fail-over resumes from (with a snapshot policy). */
  snapshot: CustomEvent<WorkerSnapshot>;
  exit: CustomEvent<ExitDetail>;
}

/**
 * A Web Worker whose WebAssembly worker (a cu1 package) runs on a compute utility nearby or in
 * this browser. Messages: JSON-compatible values travel as JSON text, ArrayBuffers and typed
 * arrays as bytes; replies are parsed JSON values or ArrayBuffers.
 */
export declare class DistributedWorker extends EventTarget {
  constructor(manifestUrl: string | URL, options: DistributedWorkerOptions);

  /**
   * A worker that continues from snapshot bytes — from `worker.snapshot()`, a utility, or saved —
   * placed by `options` (on a utility the bytes are uploaded; the utility fetches the package
   * itself). The package is the one the snapshot names; `integrity`, if given, must match it.
   */
  static restore(snapshot: ArrayBuffer | ArrayBufferView | { bytes: ArrayBuffer },
    options?: Omit<DistributedWorkerOptions, 'integrity' | 'resumeFrom'> & { integrity?: string }): DistributedWorker;

  /** Where the worker runs now. */
  readonly placement: Placement;
  /**
   * Why it runs there, in a sentence. When a utility refused the page with `origin-not-permitted`
   * (its owner has not allowed the page's origin yet), it says so and carries the utility's detail,
   * which names where the owner can allow it.
   */
  readonly placementReason: string;
  /** The utility origin when remote, else null. */
  readonly utility: string | null;
  /** What placement learned about each place. */
  readonly candidates: CandidateReport[];
  /** Settles once the worker has started somewhere (rejects when it could not start). */
  readonly ready: Promise<PlacementDetail>;

  onmessage: ((this: DistributedWorker, event: MessageEvent) => void) | null;
  onerror: ((this: DistributedWorker, event: ErrorEvent) => void) | null;

  /** Sends one message; ArrayBuffer and typed arrays go as binary (copied now), others as JSON. */
  postMessage(data: unknown): void;
  /** Ends the worker at once, wherever it runs. */
  terminate(): void;
  /**
   * Takes a snapshot between two messages, wherever the worker runs (on a utility: POST
   * .../snapshots and the bytes downloaded with the snapshot token; locally: the shim's own writer).
   */
  snapshot(): Promise<WorkerSnapshot>;
  /**
   * Moves the running worker with its state to 'local' or a utility (to a utility, the page uploads
   * the snapshot bytes it downloaded when it took the snapshot, spec 13.4). Messages
   * posted meanwhile wait and follow; no reply is lost or repeated.
   */
  moveTo(target: 'local' | string | URL): Promise<PlacementDetail & { snapshot: WorkerSnapshot }>;
  /** The snapshot a fail-over would resume from now, or null. */
  readonly lastSnapshot: WorkerSnapshot | null;

  addEventListener<K extends keyof DistributedWorkerEventMap>(
    type: K, listener: (this: DistributedWorker, event: DistributedWorkerEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof DistributedWorkerEventMap>(
    type: K, listener: (this: DistributedWorker, event: DistributedWorkerEventMap[K]) => void,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions): void;
}

/** Reads a pairing link from a utility's dashboard (`<utility>/pair#token=…`) into the utility's origin and its access token. */
export function parsePairingLink(link: string | URL): { utility: string; accessToken: string };
