// Type declarations for distributed-worker.js (the Compute Utility browser shim).

/** Where a DistributedWorker runs, or 'pending' while it is being placed. */
export type Placement = 'pending' | 'remote' | 'local' | 'ended';

export interface DistributedWorkerOptions {
  /** SRI digest of the manifest, e.g. `sha256-…` (the utility and the browser both check it). */
  integrity: string;
  /** The utilities to consider, by URL (their origins are used). None: the worker runs locally. */
  utility?: string | URL | Array<string | URL>;
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
}

/** What placement learned about one place it considered. */
export interface CandidateReport {
  /** A utility origin, or 'local'. */
  utility: string;
  usable: boolean;
  note: string;
  rttMs?: number;
  estimate?: { queueMs: number; computeMs: number; totalMs: number; confidence?: number; basedOnRuns?: number };
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
  /** What went wrong, e.g. "the connection to the utility broke (1006)". */
  reason: string;
  /** Always false in this version: the worker restarts from scratch. */
  stateCarriedOver: false;
  /** A sentence for people, saying that state was not carried over. */
  message: string;
}

export interface ExitDetail {
  reason: 'terminated' | 'idle-timeout' | 'proc-exit' | 'shutdown' | 'failed';
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
  exit: CustomEvent<ExitDetail>;
}

/**
 * A Web Worker whose WebAssembly worker (a cu1 package) runs on a compute utility nearby or in
 * this browser. Messages: JSON-compatible values travel as JSON text, ArrayBuffers and typed
 * arrays as bytes; replies are parsed JSON values or ArrayBuffers.
 */
export declare class DistributedWorker extends EventTarget {
  constructor(manifestUrl: string | URL, options: DistributedWorkerOptions);

  /** Where the worker runs now. */
  readonly placement: Placement;
  /** Why it runs there, in a sentence. */
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
