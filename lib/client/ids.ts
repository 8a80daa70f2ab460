/**
 * Ids made in the browser, with getRandomValues(): crypto.randomUUID() exists only in secure contexts
 * (https, localhost), and a LAN address over plain http must work too.
 */
import { v7 as timeOrderedUuid } from "uuid";

function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * A send's id, which makes its retries idempotent: a time-ordered UUID (v7), so that the server's
 * unique index on it grows at its end (see the store's migration 0002_send_key_led_by_client_id).
 * Its timestamp says no more than the message's own createdAt.
 */
export function newClientId(): string {
  return timeOrderedUuid();
}

/** A 192-bit secret in base64url: what lets this browser reclaim its name after a reconnect. */
export function newMemberToken(): string {
  const binary = String.fromCharCode(...randomBytes(24));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
