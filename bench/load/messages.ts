/** What the benchmark (parent) and its load-generating workers say to each other over IPC. */
import type { Histogram } from "../histogram";

export interface MemberSpec {
  room: string;
  name: string;
  memberToken: string;
  /** The loopback source address this client binds (see addresses.ts). */
  address: string;
}

/** A member and the server process it connects to: member i of a run goes to process i % processes. */
export interface PlacedMember extends MemberSpec {
  /** Index into WorkerPlan.urls. */
  instance: number;
}

/**
 * saturate: every member sends again as soon as its previous message is acknowledged.
 * rate: every member sends one message every `intervalMs`, starting at a random phase, and types before
 * each one as the web client reports it: typing:update true 5 s and 2 s before, false just before the send.
 * idle: members connect and do nothing.
 */
export type SendMode = { kind: "saturate" } | { kind: "rate"; intervalMs: number } | { kind: "idle" };

export interface WorkerPlan {
  /** The server's processes: one, or the app's instances. */
  urls: string[];
  members: PlacedMember[];
  mode: SendMode;
  /** Handshakes in flight at once. */
  concurrency: number;
}

export type ParentMessage =
  | { type: "plan"; plan: WorkerPlan }
  | { type: "start"; durationMs: number }
  | { type: "drain"; expected: number; expectedTyping: number; timeoutMs: number }
  | { type: "close" };

export interface ConnectReport {
  connected: number;
  /** connect_error messages (or "timeout") and how often each happened. */
  errors: Record<string, number>;
  elapsedMs: number;
  /** This worker's own CPU time while connecting. */
  cpuMs: number;
}

/** At the end of a round: the counters over every round so far, and the window's figures for this round. */
export interface StopReport {
  sent: number;
  acked: number;
  /** Error acks by code, and "timeout" for sends never acknowledged in time. */
  ackErrors: Record<string, number>;
  ackedByRoom: Record<string, number>;
  /** Connected members per room in this worker: what each acked message owes it in deliveries. */
  membersByRoom: Record<string, number>;
  /** This round's sending window: its length, and the acks and receipts that arrived within it. */
  windowMs: number;
  windowAcked: number;
  windowReceived: number;
  /** This worker's own CPU time during the window (process.cpuUsage). */
  cpuMs: number;
  /** Members whose socket was still connected when the window closed. */
  stillConnected: number;
  /** typing:update notices sent so far, by room (rate mode only; the changes workers send none). */
  typingSentByRoom?: Record<string, number>;
}

export interface ResultReport {
  received: number;
  latency: Histogram;
  /** The same receipts split by whether the sender was connected to the receiver's process or another. */
  sameInstance: Histogram;
  crossInstance: Histogram;
  /** member:typing notices received so far, and those that named the receiver itself (sent back to the typist). */
  typingReceived: number;
  typingEchoed: number;
}

export type WorkerMessage =
  | { type: "ready"; report: null }
  | { type: "connected"; report: ConnectReport }
  | { type: "stopped"; report: StopReport }
  | { type: "result"; report: ResultReport }
  | { type: "error"; message: string };
