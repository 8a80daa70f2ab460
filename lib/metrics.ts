/**
 * Prometheus metrics through prom-client. Each call makes its own Registry rather than using
 * prom-client's global one, so the process's single instance lives in Services (shared by server.ts
 * and the route handlers) and a test can build as many as it likes without counters leaking between
 * them. The message path only increments and observes; gauges are read when Prometheus scrapes.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** A refusal's label: one per limit in docs/security.md, plus the flood disconnect. */
export const LIMIT_NAMES = ["messages", "changes", "history", "flood_disconnect", "rooms", "joins", "bad_codes", "passphrases", "owner_actions", "connections_per_ip", "connections_per_room"] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

/** Live values that the connection and room gauges read at scrape time. */
export interface RealtimeGauges {
  connections(): number;
  rooms(): number;
}

export interface Metrics {
  readonly registry: Registry;
  /** A message stored for the first time; a retried send that was already stored is not counted again. */
  messageStored(): void;
  /** An edit, deletion or reaction stored (a retry that found it stored is not counted again). */
  messageChanged(): void;
  /** A message:send answered: `startedAt` is performance.now() when the event arrived. */
  ackSent(startedAt: number, outcome: "ok" | "error"): void;
  rateLimited(limit: LimitName): void;
  /** Where the connection and room gauges read from once the realtime server is attached. */
  observeRealtime(gauges: RealtimeGauges): void;
}

/**
 * Acks wait for the group commit's fsync: around a millisecond on a quiet disk, tens under load.
 * Buckets from 0.5 ms to 2.5 s cover both and a stalled disk.
 */
const ACK_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Process and runtime metrics, among them nodejs_eventloop_lag_* (from monitorEventLoopDelay).
  collectDefaultMetrics({ register: registry });
  let gauges: RealtimeGauges = { connections: () => 0, rooms: () => 0 };

  new Gauge({
    name: "roomchat_connections",
    help: "Socket.IO connections admitted to a room on this instance.",
    registers: [registry],
    collect() {
      this.set(gauges.connections());
    },
  });
  new Gauge({
    name: "roomchat_rooms_active",
    help: "Rooms with at least one connection on this instance.",
    registers: [registry],
    collect() {
      this.set(gauges.rooms());
    },
  });
  const stored = new Counter({ name: "roomchat_messages_stored_total", help: "Messages stored (retried sends excluded).", registers: [registry] });
  const changed = new Counter({ name: "roomchat_message_changes_total", help: "Edits, deletions and reactions stored (retries excluded).", registers: [registry] });
  const acks = new Histogram({
    name: "roomchat_message_ack_seconds",
    help: "Time from receiving message:send to sending its acknowledgement.",
    labelNames: ["outcome"] as const,
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
  // Bound once: labels() looks its child up by hashing, which the message path need not repeat.
  const ackOutcomes = { ok: acks.labels({ outcome: "ok" }), error: acks.labels({ outcome: "error" }) };
  const refusals = new Counter({
    name: "roomchat_rate_limit_refusals_total",
    help: "Requests refused by a rate limit or connection cap, by limit.",
    labelNames: ["limit"] as const,
    registers: [registry],
  });
  // Every limit reports 0 from the start, so a rate() over a refusal that never happened is 0, not absent.
  for (const limit of LIMIT_NAMES) refusals.inc({ limit }, 0);

  return {
    registry,
    messageStored: () => stored.inc(),
    messageChanged: () => changed.inc(),
    ackSent: (startedAt, outcome) => ackOutcomes[outcome].observe((performance.now() - startedAt) / 1000),
    rateLimited: (limit) => refusals.inc({ limit }),
    observeRealtime(next) {
      gauges = next;
    },
  };
}
