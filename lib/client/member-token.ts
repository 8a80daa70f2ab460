/**
 * The browser's member token: the secret that lets it reclaim its name after a reconnect. Apart from
 * identity.ts because checking a stored token takes the protocol's zod schema, which only the join
 * needs (it loads after hydration; lib/client/realtime.ts).
 */
import { MemberTokenSchema } from "../protocol";
import { browserStorage } from "./identity";
import { newMemberToken } from "./ids";

const TOKEN_KEY = "roomchat:memberToken";

let ephemeralToken: string | null = null;

/** The browser's member token, created on first use. */
export function memberToken(): string {
  const store = browserStorage();
  const saved = store?.getItem(TOKEN_KEY);
  if (saved && MemberTokenSchema.safeParse(saved).success) return saved;
  const token = ephemeralToken ?? newMemberToken();
  if (store) store.setItem(TOKEN_KEY, token);
  else ephemeralToken = token;
  return token;
}
