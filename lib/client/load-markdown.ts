/**
 * Loads the Markdown reader (markdown.ts, with marked) in a chunk of its own, after the room has
 * shown: messages show as plain text until it arrives, then once more with their formatting. Kept
 * out of the room page's first load and out of the room's own chunk, so that neither waits for it
 * (docs/performance.md#browser-first-load-javascript).
 */
export type ParseMarkdown = typeof import("./markdown").parseMarkdown;

let parser: ParseMarkdown | null = null;
let loading: Promise<ParseMarkdown> | null = null;
const listeners = new Set<() => void>();

/** The reader once loaded, else null. */
export function markdownParser(): ParseMarkdown | null {
  return parser;
}

/** One load per page; a failed one (offline, say) is tried again on the next call, the text staying plain meanwhile. */
export function loadMarkdown(): Promise<ParseMarkdown> {
  loading ??= import("./markdown").then(
    (module) => {
      parser = module.parseMarkdown;
      for (const notify of listeners) notify();
      return parser;
    },
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** For useSyncExternalStore: starts the load, and calls `listener` once the reader is there. */
export function subscribeMarkdown(listener: () => void): () => void {
  listeners.add(listener);
  loadMarkdown().catch(() => undefined);
  return () => {
    listeners.delete(listener);
  };
}
