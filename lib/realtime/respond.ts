import type { Logger } from "pino";
import type { Ack } from "../protocol";
import { isDomainError, toApiError } from "../errors";

/**
 * Runs a handler's work and answers its acknowledgement: the value on success, a typed error on a
 * DomainError, "internal" on anything else (logged). It never throws, so a handler cannot crash the
 * process or leave a client waiting. Returns the value for the handler to broadcast, or undefined.
 */
export async function respond<T>(
  ack: ((result: Ack<T>) => void) | undefined,
  log: Logger | (() => Logger),
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    const data = await work();
    ack?.({ ok: true, data });
    return data;
  } catch (error) {
    // A logger may be made only when needed: a child logger per connection costs memory (owner-handlers.ts).
    answerError(ack, typeof log === "function" ? log() : log, error);
    return undefined;
  }
}

/** Answers an acknowledgement with `error`: typed if it is a DomainError, "internal" (and logged) otherwise. */
export function answerError<T>(ack: ((result: Ack<T>) => void) | undefined, log: Logger, error: unknown): void {
  if (isDomainError(error)) {
    ack?.({ ok: false, error: toApiError(error) });
  } else {
    log.error({ err: error }, "handler failed");
    ack?.({ ok: false, error: { code: "internal", message: "Something went wrong on the server. Try again." } });
  }
}

/** Socket.IO passes whatever the client sent as the last argument: only a function is an ack. */
export function asAck<T>(candidate: unknown): ((result: Ack<T>) => void) | undefined {
  return typeof candidate === "function" ? (candidate as (result: Ack<T>) => void) : undefined;
}

/**
 * Splits an event's arguments the way a client may really send them: the ack, if any, is always the
 * last argument (whatever came before it), and the payload is the first argument that is not the ack.
 */
export function splitArgs<T>(args: unknown[]): { payload: unknown; ack: ((result: Ack<T>) => void) | undefined } {
  const ack = asAck<T>(args.at(-1));
  return { payload: ack === undefined || args.length > 1 ? args[0] : undefined, ack };
}
