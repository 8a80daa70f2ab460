/**
 * Tracks the writes in progress so that a shutdown can let them finish (and be acknowledged) before
 * the sockets and the database close, and refuses new ones meanwhile with "unavailable".
 */
export interface Drain {
  readonly draining: boolean;
  /** Counts `running` as in flight until it settles, and returns it. */
  track<T>(running: Promise<T>): Promise<T>;
  /** Stops new work and resolves when nothing is in flight, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

export function createDrain(): Drain {
  // A count rather than a set of promises: track() runs for every message, and this costs it no
  // allocation and no promise of its own beyond the one settling handler.
  let inFlight = 0;
  let draining = false;
  let wakeDrain: (() => void) | undefined;
  const settled = () => {
    inFlight -= 1;
    if (inFlight === 0) wakeDrain?.();
  };
  return {
    get draining() {
      return draining;
    },
    track(running) {
      inFlight += 1;
      running.then(settled, settled);
      return running;
    },
    async drain(timeoutMs) {
      draining = true;
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        wakeDrain = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
