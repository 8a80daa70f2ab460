/**
 * What the server may store and for how long (docs/security.md#storage): the server-wide quota on
 * message text, and the retention sweep that deletes rooms idle for longer than ROOM_RETENTION_HOURS.
 * The per-room quota is the store's (counted in the append's own statement); the per-address budget
 * is a rate limit (lib/limits/rate-limits.ts).
 */
import type { StorageLimits } from "../config";
import type { ChatStore } from "../store/types";
import { DomainError } from "../errors";
import { RETIRED_CODE_DAYS } from "../protocol-rules";

/** Idle rooms deleted per sweep step; the sweep goes on at once while it finds a full step's worth. */
const SWEEP_BATCH = 50;

export interface StorageGuard {
  /** Throws quota_exceeded while the server holds its quota of message text. */
  assertRoomForMore(): void;
  /** Counts a message just stored (between two reads of the database's total). */
  stored(bytes: number): void;
  /** Reads the total from the database: at start, after each sweep, and (several instances) what the others stored. */
  refresh(): Promise<void>;
}

export function createStorageGuard(store: ChatStore, limits: Pick<StorageLimits, "totalBytes">): StorageGuard {
  // Starts at 0 until the first refresh (the server refreshes before it listens).
  let bytes = 0;
  return {
    assertRoomForMore() {
      if (bytes >= limits.totalBytes) throw new DomainError("quota_exceeded", "The server has used its storage quota; new messages cannot be stored now.");
    },
    stored(added) {
      bytes += added;
    },
    async refresh() {
      bytes = await store.storedBytes();
    },
  };
}

export interface RetentionSweep {
  /** Stops the timer after the sweep in progress, if any. */
  stop(): Promise<void>;
}

export interface RetentionDeps {
  store: ChatStore;
  guard: StorageGuard;
  limits: Pick<StorageLimits, "retentionMs" | "sweepIntervalMs">;
  now?: () => Date;
  /** Rooms just deleted: tell whoever is still connected. */
  deleted(codes: string[]): void;
  failed(error: unknown): void;
}

/**
 * Every `sweepIntervalMs`, deletes the rooms whose lifetime after their last message (or creation) ran
 * out, then re-reads the stored total. One sweep at a time in this process, and one instance at a time
 * among several (ChatStore.exclusively: an instance that finds another sweeping skips its turn); a
 * room is deleted once either way, as the delete is conditional.
 */
export function startRetention({ store, guard, limits, now = () => new Date(), deleted, failed }: RetentionDeps): RetentionSweep {
  let running: Promise<void> | null = null;
  const sweep = async () => {
    try {
      await store.exclusively("retention-sweep", async () => {
        for (;;) {
          const codes = await store.deleteExpiredRooms(now(), limits.retentionMs / 3_600_000, SWEEP_BATCH);
          if (codes.length > 0) deleted(codes);
          if (codes.length < SWEEP_BATCH) break;
        }
        // Codes retired long enough ago may be handed out again.
        await store.releaseRetiredCodes(new Date(now().getTime() - RETIRED_CODE_DAYS * 24 * 3_600_000));
      });
      await guard.refresh();
    } catch (error) {
      failed(error);
    }
  };
  const timer = setInterval(() => void (running ??= sweep().finally(() => (running = null))), limits.sweepIntervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
