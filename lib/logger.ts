import pino, { type Logger } from "pino";

export type { Logger };

/** Structured JSON logs on stdout. Message text is never logged: only ids, codes and counts. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "roomchat" } });
}
