/**
 * "Ana is typing…": a hint, never stored and never acknowledged. Part of the contract (lib/protocol.ts
 * re-exports it); docs/protocol.md#typing describes it.
 */
import * as z from "zod/mini";

/** you -> server: the draft became non-empty (sent again every few seconds while it is typed in) or was sent or cleared. */
export const TypingInputSchema = z.strictObject({ typing: z.boolean() });
export type TypingInput = z.infer<typeof TypingInputSchema>;

/** server -> the room but the typist: `name` is the typist's member name, taken from its connection. */
export interface TypingNotice {
  name: string;
  typing: boolean;
}
