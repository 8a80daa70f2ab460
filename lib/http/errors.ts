import type { ApiError, ErrorCode } from "../protocol";
import { isDomainError, toApiError } from "../errors";

const STATUS: Record<ErrorCode, number> = {
  room_not_found: 404,
  name_taken: 409,
  invalid_name: 400,
  invalid_payload: 400,
  not_in_room: 403,
  rate_limited: 429,
  room_full: 503,
  quota_exceeded: 507,
  unavailable: 503,
  internal: 500,
  forbidden: 403,
  message_not_found: 404,
  too_many_reactions: 409,
  kicked: 403,
  room_locked: 403,
  passphrase_required: 401,
  wrong_passphrase: 403,
  member_not_found: 404,
  room_ended: 410,
};

/** The HTTP status of an error code. */
export function statusOf(code: ErrorCode): number {
  return STATUS[code];
}

/** The JSON error body every HTTP route answers with: { error: { code, message } }, and Retry-After when known. */
export function errorResponse(code: ErrorCode, message: string): Response {
  return apiErrorResponse({ code, message });
}

export function apiErrorResponse(error: ApiError): Response {
  const headers = error.retryAfterMs === undefined ? undefined : { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) };
  return Response.json({ error }, { status: STATUS[error.code], headers });
}

/** Runs a route's work; DomainErrors become their status, anything else a logged 500 (never a stack trace). */
export async function withErrors(work: () => Promise<Response>, onUnexpected: (error: unknown) => void): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (isDomainError(error)) return apiErrorResponse(toApiError(error));
    onUnexpected(error);
    return errorResponse("internal", "Something went wrong on the server.");
  }
}
