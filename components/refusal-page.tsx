import type { ApiError, ErrorCode } from "@/lib/protocol";
import { errorText } from "./error-text";
import { PageNotice } from "./page-notice";

/** The owner's decisions that end a visit: no form can help, so the page says so and offers home. */
const FINAL_TITLES = {
  kicked: "You were removed from this room",
  room_locked: "This room is locked",
  room_ended: "This room has ended",
} as const satisfies Partial<Record<ErrorCode, string>>;

export type FinalRefusal = keyof typeof FINAL_TITLES;

export function isFinalRefusal(code: ErrorCode): code is FinalRefusal {
  return Object.hasOwn(FINAL_TITLES, code);
}

export interface RefusalPageProps {
  error: ApiError;
  /** The person was in the room when it came (session:ended), rather than refused at the door. */
  wasIn: boolean;
}

/** Why this browser is not (or no longer) in the room, in plain words. */
export function RefusalPage({ error, wasIn }: RefusalPageProps) {
  if (isFinalRefusal(error.code)) return <PageNotice title={FINAL_TITLES[error.code]}>{errorText(error.code)}</PageNotice>;
  // A member disconnected for flooding (session:ended) is told why, in the server's words.
  const flooded = wasIn && error.code === "rate_limited";
  return <PageNotice title={flooded ? "You were disconnected" : "You cannot enter this room"}>{flooded ? error.message : errorText(error.code)}</PageNotice>;
}
