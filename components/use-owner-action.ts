"use client";
import { useState } from "react";
import type { OwnerControls } from "@/lib/client/session/owner";
import type { Ack } from "@/lib/protocol";
import { ownerActionErrorText } from "./error-text";

/** What the owner's controls call: the session's OwnerControls, or a fake in component tests. */
export type OwnerActions = Pick<OwnerControls, "kick" | "unkick" | "lock" | "setPassphrase" | "transfer" | "setLifetime" | "end">;

/** Runs one owner action at a time and keeps the refusal's words for the controls to show. */
export function useOwnerAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(label: string, action: () => Promise<Ack<unknown>>): Promise<boolean> {
    setBusy(label);
    setError(null);
    const result = await action();
    setBusy(null);
    if (!result.ok) setError(ownerActionErrorText(result.error));
    return result.ok;
  }

  return { busy, error, run };
}
