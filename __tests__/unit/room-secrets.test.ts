import { hashOwnerKey, hashPassphrase, newOwnerKey, ownerKeyMatches, passphraseMatches } from "@/lib/rooms/room-secrets";

describe("owner keys", () => {
  it("are 32 random bytes in base64url, different every time", () => {
    const keys = new Set(Array.from({ length: 50 }, newOwnerKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("are stored as their SHA-256 and match only themselves", () => {
    const key = newOwnerKey();
    const hash = hashOwnerKey(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key);
    expect(ownerKeyMatches(hash, key)).toBe(true);
    expect(ownerKeyMatches(hash, newOwnerKey())).toBe(false);
    expect(ownerKeyMatches(hash, `${key} `)).toBe(false);
    expect(ownerKeyMatches(hash, "")).toBe(false);
    expect(ownerKeyMatches(hash, undefined)).toBe(false);
    // A room made before owners existed has no hash: no key makes anyone its owner.
    expect(ownerKeyMatches(null, key)).toBe(false);
  });
});

describe("passphrases", () => {
  it("are stored salted with scrypt and its parameters, never as typed", async () => {
    const stored = await hashPassphrase("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain("horse");
    // A fresh salt each time.
    expect(await hashPassphrase("correct horse battery staple")).not.toBe(stored);
  });

  it("match the passphrase they were made from, in any Unicode normal form, and nothing else", async () => {
    const stored = await hashPassphrase("café au lait");
    expect(await passphraseMatches(stored, "café au lait")).toBe(true);
    expect(await passphraseMatches(stored, "cafe\u0301 au lait")).toBe(true);
    expect(await passphraseMatches(stored, "cafe au lait")).toBe(false);
    expect(await passphraseMatches(stored, "")).toBe(false);
    expect(await passphraseMatches("plain text", "plain text")).toBe(false);
    expect(await passphraseMatches("scrypt$1$1$1", "x")).toBe(false);
  });

  it("do not hold up the event loop while they are checked", async () => {
    const stored = await hashPassphrase("a passphrase");
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await Promise.all([passphraseMatches(stored, "wrong 1"), passphraseMatches(stored, "wrong 2")]);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(3);
  });
});
