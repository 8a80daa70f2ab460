/** What the browser remembers about its person: the last name used and the member token. */
import { MemberTokenSchema } from "../protocol";
import { newMemberToken } from "./ids";

const NAME_KEY = "roomchat:name";
const TOKEN_KEY = "roomchat:memberToken";

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // Storage can be disabled (privacy settings); the app still works without memory.
  }
}

export function loadName(): string {
  return storage()?.getItem(NAME_KEY) ?? "";
}

export function saveName(name: string): void {
  storage()?.setItem(NAME_KEY, name);
}

let ephemeralToken: string | null = null;

/** The browser's member token, created on first use. */
export function memberToken(): string {
  const store = storage();
  const saved = store?.getItem(TOKEN_KEY);
  if (saved && MemberTokenSchema.safeParse(saved).success) return saved;
  const token = ephemeralToken ?? newMemberToken();
  if (store) store.setItem(TOKEN_KEY, token);
  else ephemeralToken = token;
  return token;
}
