import { createHash } from "node:crypto";

/**
 * The server-side identity of a browser: a hash of the secret token it holds. The token never leaves
 * the server's memory and is never stored; the id is what messages record as their author.
 */
export function memberIdFromToken(token: string): string {
  return createHash("sha256").update(token).digest("hex").slice(0, 32);
}
