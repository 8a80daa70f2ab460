/**
 * The refusal every server layer speaks: the store (a full disk), the limits (too fast), the domain (no
 * such room) throw a DomainError; HTTP (lib/http/errors.ts) and Socket.IO (lib/realtime/respond.ts) turn
 * it into the protocol's ApiError. It sits beside the protocol, below all of them, so none of those
 * layers has to import another to refuse something. Its codes are the protocol's closed set.
 */
import { ERROR_CODES, type ApiError, type ErrorCode } from "./protocol";

/** An expected refusal with a code from the protocol's closed set; handlers turn it into an error ack. */
export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** With rate_limited: how long until a retry can succeed. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** The protocol's view of a refusal. */
export function toApiError(error: DomainError): ApiError {
  return error.retryAfterMs === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, retryAfterMs: error.retryAfterMs };
}

/**
 * A structural check rather than `instanceof`: Next.js bundles app/ with its own copy of this module,
 * so an error thrown by the services that server.ts created is not an instance of the bundle's class.
 */
export function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof Error &&
    error.name === "DomainError" &&
    (ERROR_CODES as readonly unknown[]).includes((error as { code?: unknown }).code)
  );
}
