/**
 * Random ids for the browser. crypto.randomUUID() exists only in secure contexts (https, localhost);
 * getRandomValues() everywhere, so a LAN address over plain http works too.
 */
function randomBytes(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** An RFC 4122 version 4 UUID. */
export function newClientId(): string {
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A 192-bit secret in base64url: what lets this browser reclaim its name after a reconnect. */
export function newMemberToken(): string {
  const binary = String.fromCharCode(...randomBytes(24));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
