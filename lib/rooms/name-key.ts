/**
 * The key two display names are compared by: two names with the same key are the same name in a room
 * (presence claims it, the store reserves it). Server-side only.
 */
import { nameKey as basicKey } from "../protocol-rules";

export function nameKey(name: string): string {
  return basicKey(name);
}
