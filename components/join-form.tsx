"use client";
import Link from "next/link";
import { useState } from "react";
import { loadRealtime, type Realtime } from "@/lib/client/load-realtime";
import type { ApiError } from "@/lib/protocol";
import { Button } from "./button";
import { errorText } from "./error-text";
import { FormAlert } from "./form-alert";
import { TextField } from "./text-field";

export interface JoinFormProps {
  /** The room code as people read it, e.g. "ABC-DEF-GHJ". */
  formattedCode: string;
  initialName: string;
  /** Why joining under the remembered name failed, if it was tried. */
  initialRefusal: ApiError | null;
  /** Resolves to null once in the room, or to the server's refusal. */
  onJoin: (name: string) => Promise<ApiError | null>;
}

/** Asks a visitor who came by link for the name to show in the room. */
export function JoinForm({ formattedCode, initialName, initialRefusal, onJoin }: JoinFormProps) {
  const [name, setName] = useState(initialName);
  const [refusal, setRefusal] = useState<ApiError | null>(initialRefusal);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const aboutName = refusal?.code === "name_taken" || refusal?.code === "invalid_name";

  async function submit() {
    setRefusal(null);
    setBusy(true);
    if (!(await checkAndJoin())) setBusy(false);
  }

  /** True once in the room. The name's schema comes with the realtime code, loading since hydration. */
  async function checkAndJoin(): Promise<boolean> {
    let realtime: Realtime;
    try {
      realtime = await loadRealtime();
    } catch (error) {
      setRefusal({ code: "internal", message: error instanceof Error ? error.message : String(error) });
      return false;
    }
    const parsed = realtime.DisplayNameSchema.safeParse(name);
    setNameError(parsed.success ? null : realtime.firstIssue(parsed.error));
    if (!parsed.success) return false;
    const refused = await onJoin(parsed.data);
    setRefusal(refused);
    return refused === null;
  }

  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <form
        noValidate
        className="flex w-full max-w-md flex-col gap-5 rounded-2xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-800 dark:bg-slate-900/60"
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void submit();
        }}
      >
        <div>
          <h1 className="text-2xl font-bold tracking-tight">Join the room</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            Room <span className="font-mono font-semibold tracking-wider text-slate-900 dark:text-slate-100">{formattedCode}</span>. Choose the
            name others will see.
          </p>
        </div>
        <TextField
          id="display-name"
          label="Your name"
          autoComplete="nickname"
          autoFocus
          value={name}
          error={nameError ?? (refusal !== null && aboutName ? errorText(refusal.code) : null)}
          onChange={(event) => setName(event.target.value)}
        />
        {refusal !== null && !aboutName && (
          <FormAlert>
            {errorText(refusal.code)}{" "}
            <Link href="/" className="font-semibold underline">
              Go to the home page
            </Link>
          </FormAlert>
        )}
        <Button type="submit" busy={busy}>
          Join room
        </Button>
      </form>
    </main>
  );
}
