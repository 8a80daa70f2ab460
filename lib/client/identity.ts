/** What the browser remembers about its person: the last name used (the member token: member-token.ts). */

const NAME_KEY = "roomchat:name";

/** localStorage, or null where there is none (the server render) or it is disabled. */
export function browserStorage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // Storage can be disabled (privacy settings); the app still works without memory.
  }
}

export function loadName(): string {
  return browserStorage()?.getItem(NAME_KEY) ?? "";
}

export function saveName(name: string): void {
  browserStorage()?.setItem(NAME_KEY, name);
}
