/**
 * Tracks the writes in progress so that a shutdown can let them finish (and be acknowledged) before
 * the sockets and the database close, and refuses new ones meanwhile with "unavailable".
 */
export interface Drain {
  readonly draining: boolean;
  /** Runs `work`, counted as in flight until it settles. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Stops new work and resolves when nothing is in flight, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

export function createDrain(): Drain {
  const inFlight = new Set<Promise<unknown>>();
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    track(work) {
      const running = work();
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running)).catch(() => undefined);
      return running;
    },
    async drain(timeoutMs) {
      draining = true;
      const deadline = Date.now() + timeoutMs;
      while (inFlight.size > 0 && Date.now() < deadline) {
        const timeout = new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref());
        await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      }
    },
  };
}
