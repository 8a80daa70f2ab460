/** What every scenario receives, and the helper that runs one measurement on the app, then the reference. */
import { randomBytes } from "node:crypto";
import { clientAddress } from "../addresses";
import { startAppUnderTest } from "../instances";
import type { MemberSpec } from "../load/messages";
import type { ScenarioParams } from "../options";
import type { Metrics } from "../report";
import { startReference, type RunningServer } from "../servers";

export interface ScenarioContext {
  params: ScenarioParams;
  quick: boolean;
  workers: number;
  /** App processes (--instances); 1 in the scenarios that always run one. */
  instances: number;
  /** Extra node flags for the app (e.g. --cpu-prof), from --profile. */
  appNodeArgs: string[];
  /** Measure the reference before the app (every second repetition of --repeat). */
  referenceFirst: boolean;
  /** The message scenarios' sending time is cut into this many rounds per server (--rounds). */
  rounds: number;
  log(line: string): void;
}

/**
 * Raised for the saturating scenarios only, so that the per-member message limit (10 per 10 s by
 * default) does not turn the benchmark into a measurement of the rate limiter. Every other limit
 * stays at its default.
 */
export const RAISED_MESSAGE_LIMITS: Record<string, string> = {
  RATE_MESSAGES_PER_10S: "10000000",
  RATE_MESSAGES_BURST: "10000000",
  RATE_CHANGES_PER_10S: "10000000",
  RATE_ADDRESS_KB_PER_MINUTE: "10000000",
  FLOOD_DISCONNECT_AFTER: "10000000",
};

/**
 * Raised for the history scenario only: it reads thousands of pages a minute from one address, far
 * past RATE_HISTORY_PER_MINUTE (240), to measure the read path rather than the limiter.
 */
export const RAISED_HISTORY_LIMITS: Record<string, string> = {
  RATE_HISTORY_PER_MINUTE: "10000000",
};

export function raisedLimitsNote(raised: Record<string, string> = RAISED_MESSAGE_LIMITS, which = "the message limits, raised for this saturating scenario"): string {
  const settings = Object.entries(raised).map(([name, value]) => `${name}=${value}`);
  return `the app runs with its default limits except ${which}: ${settings.join(" ")}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `members` per room, numbered from 0 over all rooms, each with its source address and a fresh token. */
export function memberSpecs(rooms: readonly string[], membersPerRoom: number): MemberSpec[] {
  return rooms.flatMap((room, r) =>
    Array.from({ length: membersPerRoom }, (_, m) => ({
      room,
      name: `member-${m + 1}`,
      memberToken: randomBytes(18).toString("base64url"),
      address: clientAddress(r * membersPerRoom + m),
    })),
  );
}

/**
 * Runs `measure` on a fresh app (new database; `ctx.instances` processes) and on a fresh reference
 * server (always one process), one after the other: the app first, or the reference first when
 * `ctx.referenceFirst` (see --repeat).
 */
export async function onBothServers(
  ctx: ScenarioContext,
  appEnv: Record<string, string>,
  measure: (server: RunningServer) => Promise<Metrics>,
): Promise<{ app: Metrics; reference: Metrics }> {
  const onApp = () => measureOn(ctx, launchApp(ctx, appEnv), measure);
  const onReference = () => measureOn(ctx, launchReference(ctx), measure);
  if (ctx.referenceFirst) {
    const reference = await onReference();
    return { app: await onApp(), reference };
  }
  const app = await onApp();
  return { app, reference: await onReference() };
}

/** A fresh app: a new database, `ctx.instances` processes. */
function launchApp(ctx: ScenarioContext, appEnv: Record<string, string>): Promise<RunningServer> {
  return startAppUnderTest({ instances: ctx.instances, env: appEnv, nodeArgs: ctx.appNodeArgs, log: ctx.log });
}

function launchReference(ctx: ScenarioContext, env: Record<string, string> = {}): Promise<RunningServer> {
  ctx.log("  reference: starting bench/reference-server.ts");
  return startReference(env);
}

async function stopServer(ctx: ScenarioContext, server: RunningServer): Promise<void> {
  await server.stop();
  ctx.log(`  ${server.kind}: stopped`);
}

async function measureOn(ctx: ScenarioContext, starting: Promise<RunningServer>, measure: (server: RunningServer) => Promise<Metrics>): Promise<Metrics> {
  const server = await starting;
  try {
    return await measure(server);
  } finally {
    await stopServer(ctx, server);
  }
}

/** A server with its members connected, measured in rounds of traffic. */
export interface RoundSession {
  round(durationMs: number): Promise<void>;
  /** The figures over every round so far. */
  metrics(): Metrics;
  close(): Promise<void>;
}

/**
 * The order of the rounds: app and reference take turns in pairs, A R R A A R R A ... (the reference
 * first when `referenceFirst`), so that a steady drift of the machine's speed weighs on both alike.
 */
export function roundOrder(rounds: number, referenceFirst: boolean): Array<"app" | "reference"> {
  return Array.from({ length: 2 * rounds }, (_, i) => ((Math.floor((i + 1) / 2) % 2 === 0) !== referenceFirst ? "app" : "reference"));
}

/**
 * Starts a fresh app and a fresh reference server side by side, sets each up with `open` (rooms,
 * members), then measures them in turns: the scenario's sending time is cut into `ctx.rounds` rounds
 * per server, in roundOrder(). This machine's speed drifts by up to 2x over minutes (docs/performance.md,
 * Drift); measured in one block each, 10 s apart, the app and the reference could meet different
 * machines. Between its rounds a server and its load workers sit idle, members connected.
 */
export async function onBothServersInRounds(
  ctx: ScenarioContext,
  appEnv: Record<string, string>,
  open: (server: RunningServer) => Promise<RoundSession>,
  referenceEnv: Record<string, string> = {},
): Promise<{ app: Metrics; reference: Metrics }> {
  const servers: RunningServer[] = [];
  const sessions: RoundSession[] = [];
  try {
    const app = await launchApp(ctx, appEnv);
    servers.push(app);
    const appSession = await open(app);
    sessions.push(appSession);
    const reference = await launchReference(ctx, referenceEnv);
    servers.push(reference);
    const referenceSession = await open(reference);
    sessions.push(referenceSession);
    const roundMs = (ctx.params.durationS * 1000) / ctx.rounds;
    ctx.log(`  sending for ${ctx.params.durationS} s per server, in ${ctx.rounds} round(s) of ${(roundMs / 1000).toFixed(1)} s each, taking turns`);
    for (const turn of roundOrder(ctx.rounds, ctx.referenceFirst)) await (turn === "app" ? appSession : referenceSession).round(roundMs);
    return { app: appSession.metrics(), reference: referenceSession.metrics() };
  } finally {
    for (const session of sessions) await session.close();
    for (const server of servers) await stopServer(ctx, server);
  }
}
