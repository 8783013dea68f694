// IPC messages between the bench orchestrator (run.ts), the server child and the load child.

export type TargetName = 'wharf' | 'hocuspocus' | 'y-websocket';

/** Where a load client connects, as reported by a server child once it listens. */
export interface Endpoint {
  readonly target: TargetName;
  readonly port: number;
  /** Credential the clients present (Hocuspocus auth message, Wharf service token). */
  readonly token: string;
}

export interface ServerSample {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** Server CPU time (user + system) since the child started, in ms. */
  readonly cpuMs: number;
}

export type ServerToParent =
  | { readonly type: 'listening'; readonly endpoint: Endpoint }
  | { readonly type: 'sample'; readonly sample: ServerSample }
  | { readonly type: 'heap-snapshot'; readonly path: string };

export type ParentToServer =
  /** Memory is only meaningful after a full GC; CPU probes skip it so they add no work. */
  | { readonly type: 'measure'; readonly collectGarbage: boolean }
  /** Writes a V8 heap snapshot (what an idle socket holds on to). */
  | { readonly type: 'heap-snapshot'; readonly path: string }
  | { readonly type: 'stop' };

export interface LoadSpec {
  readonly label: string;
  /** Prefix of the doc names, unique per load so a server never sees leftovers of an earlier one. */
  readonly docPrefix: string;
  readonly docs: number;
  /** Sockets per doc: one writer plus (socketsPerDoc - 1) readers. */
  readonly socketsPerDoc: number;
  /** Updates per second over all docs. 0 opens the sockets and keeps them idle. */
  readonly rate: number;
  readonly durationMs: number;
  /**
   * Updates sent in the first `warmupMs` are delivered and counted but give no latency sample: both
   * processes are still compiling their hot paths then, which says nothing about steady state.
   */
  readonly warmupMs: number;
  /** How long to wait after the last update for the rest to arrive. */
  readonly drainMs: number;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export interface LoadResult {
  readonly label: string;
  readonly sockets: number;
  readonly docs: number;
  readonly targetRate: number;
  /** Longest gap between two generator ticks: a busy load process shows up here, not as latency. */
  readonly generatorStallMs: number;
  /** CPU the load process used during that gap (near the gap: busy itself; far below: no core free). */
  readonly generatorStallCpuMs: number;
  /** CPU used by the load process while the clock ran, in percent of one core. */
  readonly loadCpuPercent: number;
  readonly sent: number;
  /** Reader deliveries expected: every update to every reader of its doc. */
  readonly expected: number;
  readonly delivered: number;
  readonly latencyMs: LatencySummary | null;
  readonly connectMs: number;
  /** Sockets the server closed or that failed during the run. */
  readonly socketFailures: number;
  readonly failureReasons: readonly string[];
  /** Markers a reader saw more than once (a server resending an update). */
  readonly duplicates: number;
}

export type LoadToParent =
  | { readonly type: 'connected'; readonly sockets: number; readonly connectMs: number }
  | { readonly type: 'result'; readonly result: LoadResult }
  | { readonly type: 'failed'; readonly reason: string };

export type ParentToLoad =
  { readonly type: 'run'; readonly endpoint: Endpoint; readonly spec: LoadSpec } | { readonly type: 'start' };
