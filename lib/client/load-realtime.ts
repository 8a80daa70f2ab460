/**
 * Loads lib/client/realtime.ts (Socket.IO, zod, the session) with a dynamic import, so that its bytes
 * are fetched and parsed after the page is interactive instead of before. Pages start the load right
 * after hydration, so it is usually done by the time someone joins.
 */
export type Realtime = typeof import("./realtime");

let loading: Promise<Realtime> | null = null;

/** One load per page; a failed one (offline, say) is tried again on the next call (the chunk loader forgets failures). */
export function loadRealtime(): Promise<Realtime> {
  loading ??= import("./realtime").catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

/** Starts the load without waiting for it; a failure shows up when the code is needed. */
export function preloadRealtime(): void {
  loadRealtime().catch(() => undefined);
}
