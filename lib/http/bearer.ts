import { createHash, timingSafeEqual } from "node:crypto";

/**
 * True when no token is required, or when `authorization` is "Bearer <token>" with the right token.
 * Both sides are hashed first so that the comparison takes the same time whatever the lengths, and
 * a wrong guess reveals nothing of how close it was.
 */
export function bearerAuthorized(authorization: string | null, token: string | null): boolean {
  if (token === null) return true;
  const match = /^Bearer +(\S+)\s*$/i.exec(authorization ?? "");
  if (match === null) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
