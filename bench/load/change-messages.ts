/** What the benchmark (parent) and its `changes` workers (bench/changes-worker.ts) say to each other over IPC. */
import type { Histogram } from "../histogram";
import type { Message } from "../../lib/protocol";
import type { ConnectReport, PlacedMember, StopReport } from "./messages";

export interface ChangePlan {
  /** The server's processes: one, or the app's instances. */
  urls: string[];
  members: PlacedMember[];
  /** Handshakes in flight at once. */
  concurrency: number;
  /** Messages each member sends before the changes start. */
  seedPerMember: number;
  /** Change requests each member keeps in flight while sending. */
  window: number;
}

export type ChangeParentMessage =
  | { type: "plan"; plan: ChangePlan }
  | { type: "seed" }
  /** Wait until every member has seen `messagesByRoom[room]` messages of its room. */
  | { type: "settle"; messagesByRoom: Record<string, number>; timeoutMs: number }
  | { type: "start"; durationMs: number }
  | { type: "drain"; expected: number; timeoutMs: number }
  | { type: "verify"; truth: Record<string, Message[]> }
  | { type: "close" };

export interface SeedReport {
  sent: number;
  acked: number;
  ackedByRoom: Record<string, number>;
}

/**
 * At the end of a round, as for messages (sent and acked count changes; a receipt is a
 * message:updated), and the ack latency: from the change's emit to its ack, every change so far.
 */
export interface ChangeStopReport extends StopReport {
  ackLatency: Histogram;
}

/** This worker's members against the server's state (change-member.ts#verify), summed. */
export interface VerifyReport {
  clients: number;
  /** Members whose every copy equals the server's. */
  converged: number;
  stale: number;
  missing: number;
  extra: number;
  checked: number;
  lost: number;
  outOfOrder: number;
  examples: string[];
}

export type ChangeWorkerMessage =
  | { type: "ready"; report: null }
  | { type: "connected"; report: ConnectReport }
  | { type: "seeded"; report: SeedReport }
  | { type: "settled"; report: { complete: number } }
  | { type: "stopped"; report: ChangeStopReport }
  | { type: "result"; report: { received: number } }
  | { type: "verified"; report: VerifyReport }
  | { type: "error"; message: string };
