/**
 * The two secrets of a room with an owner (issue 19), kept by the server only as hashes:
 *
 * - The owner key: 32 random bytes (base64url), handed to the creator once. It has 256 bits of entropy,
 *   so a fast hash (SHA-256) stores it safely: nothing can be guessed from the hash.
 * - The passphrase: chosen by a person, so it may be guessable. It is stored with scrypt, memory-hard
 *   (N = 2^15, r = 8: 32 MiB and some 50 ms per try on this machine's cores), under a random salt,
 *   with its parameters in the stored string so that they can be raised later. scrypt runs on libuv's
 *   thread pool (crypto.scrypt), never on the event loop. Tries are also throttled per address and per
 *   room (lib/limits).
 */
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const OWNER_KEY_BYTES = 32;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

/** A new owner key, as the creator's browser keeps it. */
export function newOwnerKey(): string {
  return randomBytes(OWNER_KEY_BYTES).toString("base64url");
}

/** What the store keeps of an owner key: its SHA-256, in hex. */
export function hashOwnerKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Whether `key` is the owner key whose hash is `hash`, compared in constant time. */
export function ownerKeyMatches(hash: string | null, key: string | undefined): boolean {
  if (hash === null || key === undefined || key.length === 0) return false;
  const expected = Buffer.from(hash, "hex");
  const actual = Buffer.from(hashOwnerKey(key), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function derive(passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // 128 * N * r bytes of memory; maxmem must allow it (Node's default is 32 MiB exactly).
    scrypt(passphrase.normalize("NFC"), salt, KEY_LENGTH, { ...options, maxmem: 256 * (options.N ?? SCRYPT.N) * (options.r ?? SCRYPT.r) }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

/** The passphrase's stored form: `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashPassphrase(passphrase: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(passphrase, salt, SCRYPT);
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Whether `passphrase` is the one `stored` was made from (false for a stored form it cannot read). */
export async function passphraseMatches(stored: string, passphrase: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(passphrase, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
