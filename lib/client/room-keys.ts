/**
 * The two per-room secrets a browser may hold (issue 19). The owner key lives in localStorage, like
 * the member token: it is what makes this browser the room's owner, and it is handed out once, so it
 * must outlive the tab. A passphrase lives in sessionStorage: it is typed by the person and only a
 * newcomer needs it (the server admits a returning member by its token), so this tab keeps it for its
 * reloads, reconnects and transcript downloads, and it is gone when the tab closes rather than left
 * on a shared computer.
 */
import { browserStorage } from "./identity";

const ownerKeyKey = (code: string) => `roomchat:ownerKey:${code}`;
const passphraseKey = (code: string) => `roomchat:passphrase:${code}`;

function tabStorage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // Disabled storage: the passphrase is asked again after a reload.
  }
}

export function loadOwnerKey(code: string): string | null {
  return browserStorage()?.getItem(ownerKeyKey(code)) ?? null;
}

/** Keeps the key, or forgets it (null) once it no longer works: ownership passed to someone else. */
export function saveOwnerKey(code: string, key: string | null): void {
  const store = browserStorage();
  if (key === null) store?.removeItem(ownerKeyKey(code));
  else store?.setItem(ownerKeyKey(code), key);
}

export function loadPassphrase(code: string): string | null {
  return tabStorage()?.getItem(passphraseKey(code)) ?? null;
}

/** Keeps the passphrase for this tab, or forgets it (null: cleared by the owner, or refused). */
export function savePassphrase(code: string, passphrase: string | null): void {
  const store = tabStorage();
  if (passphrase === null) store?.removeItem(passphraseKey(code));
  else store?.setItem(passphraseKey(code), passphrase);
}

/**
 * The header that carries the passphrase to the history and transcript endpoints, when there is one;
 * URI-encoded, since a header holds only Latin-1 and fetch throws on anything else (the server decodes it).
 */
export function passphraseHeader(code: string): Record<string, string> {
  const passphrase = loadPassphrase(code);
  return passphrase === null ? {} : { "x-room-passphrase": encodeURIComponent(passphrase) };
}
