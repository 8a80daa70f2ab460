"use client";
/**
 * The name this browser used last, for prefilling forms. The server renders "" and the browser
 * switches to the stored name right after hydration, so the two renders never disagree.
 */
import { useSyncExternalStore } from "react";
import { loadName } from "./identity";

// localStorage does not notify the same tab of its own writes; the name only changes on a join.
const subscribe = () => () => {};
const onServer = () => "";

export function useStoredName(): string {
  return useSyncExternalStore(subscribe, loadName, onServer);
}
