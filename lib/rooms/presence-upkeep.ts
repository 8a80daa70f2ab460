/**
 * The background loop of a shared presence registry: a heartbeat that says this instance is alive,
 * a reconciliation of this instance's own connections after a failure and now and then, and a sweep
 * that clears up after instances that are not alive. It runs every `intervalMs`, one tick at
 * a time (a slow Redis never stacks ticks up), and never throws: the first failure of a run of them
 * goes to events.failed(), and the loop keeps trying.
 */
import type { Member } from "../protocol";
import type { PresenceEvents } from "./presence";

export interface UpkeepDeps {
  intervalMs: number;
  timeoutMs: number;
  /** Records a heartbeat; false if this instance was not registered (first beat, or evicted since the last). */
  beat(): Promise<boolean>;
  /** Releases dead instances' connections and departs holders past their grace; returns those departed now. */
  sweep(): Promise<Array<{ room: string; member: Member }>>;
  /** Releases this instance's connections that no local socket backs (./redis-reconcile.ts); absent: never. */
  reconcile?: () => Promise<void>;
  /** Reconciles at least this often even without a failure, as insurance (a release can fail between heartbeats). */
  reconcileEveryMs: number;
  events: PresenceEvents;
}

export interface Upkeep {
  /** Settles after the first tick: the instance is registered, unless Redis was unreachable. */
  started: Promise<void>;
  /** Stops the loop after the tick in progress, if any. */
  stop(): Promise<void>;
}

export function startUpkeep({ intervalMs, timeoutMs, beat, sweep, reconcile, reconcileEveryMs, events }: UpkeepDeps): Upkeep {
  let registered = false;
  // A new instance holds nothing yet; after a failure, releases may have been lost meanwhile.
  let reconciledAt = performance.now();
  let mayHoldGhosts = false;
  // Since when every heartbeat has succeeded (monotonic clock), or null after a failure.
  let healthySince: number | null = null;
  let failing = false;
  let inFlight: Promise<void> | null = null;

  async function tick(): Promise<void> {
    try {
      const known = await beat();
      if (registered && !known) events.evicted();
      registered = true;
      healthySince ??= performance.now();
      failing = false;
      if (reconcile !== undefined && (mayHoldGhosts || performance.now() - reconciledAt >= reconcileEveryMs)) {
        await reconcile();
        mayHoldGhosts = false;
        reconciledAt = performance.now();
      }
      // After an outage every instance's heartbeat is stale. Sweeping only once this instance has
      // been in touch for a whole timeout gives the others time to beat again before anyone judges.
      if (performance.now() - healthySince < timeoutMs) return;
      for (const { room, member } of await sweep()) events.departed(room, member);
    } catch (error) {
      healthySince = null;
      mayHoldGhosts = true;
      if (!failing) events.failed(error);
      failing = true;
    }
  }

  const run = (): Promise<void> => (inFlight ??= tick().finally(() => (inFlight = null)));
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();

  return {
    started: run(),
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
