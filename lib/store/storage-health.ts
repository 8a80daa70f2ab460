/**
 * Whether writes are failing for want of space (or a failing disk), for readiness: the store's writes
 * report here, and the `storage` check of /readyz reads it. While writes fail, an instance should not
 * be sent new clients, and its senders are answered `unavailable` (storage-failures.ts), not `internal`.
 *
 * Readiness must turn green again by itself once space returns, even when nobody sends: so while
 * failing, each check tries a small real write (ChatStore.probeWrite); while healthy it writes nothing,
 * so that probes cost no fsync.
 */
import { isStorageFailure, storageUnavailable } from "./storage-failures";
import type { ChatStore } from "./types";

export interface StorageHealthOptions {
  /** Writes began failing (with the database's own error, for the log) or work again (null). */
  onChange?: (failure: unknown) => void;
}

export interface StorageHealth {
  /** The same store, whose room creations and appends fail with `unavailable` on a storage failure. */
  store: ChatStore;
  /** Resolves while writes work; rejects while they fail, after trying one. */
  check(): Promise<void>;
}

export function trackStorageHealth(inner: ChatStore, options: StorageHealthOptions = {}): StorageHealth {
  let failing = false;

  const mark = (failure: unknown) => {
    const nowFailing = failure !== null;
    if (nowFailing === failing) return;
    failing = nowFailing;
    // Once per change, not per refused send: on a full disk every log line is a write too.
    options.onChange?.(failure);
  };

  // A chain rather than an async function: it wraps every append (see lib/realtime/message-handlers.ts).
  function observe<T>(write: Promise<T>): Promise<T> {
    return write.then(
      (result) => {
        mark(null);
        return result;
      },
      (error: unknown) => {
        if (!isStorageFailure(error)) throw error;
        mark(error);
        throw storageUnavailable();
      },
    );
  }

  return {
    store: {
      ...inner,
      createRoom: (code, createdAt, control) => observe(inner.createRoom(code, createdAt, control)),
      appendMessage: (input) => observe(inner.appendMessage(input)),
    },
    async check() {
      if (failing) await observe(inner.probeWrite());
    },
  };
}
