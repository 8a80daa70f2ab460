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
  onJoin: (name: string, passphrase?: string) => Promise<ApiError | null>;
  /** The room said it has a passphrase (GET /api/rooms/{code}): ask for it with the name. */
  hasPassphrase?: boolean;
}

const PASSPHRASE_CODES: ReadonlySet<string> = new Set(["passphrase_required", "wrong_passphrase"]);

/** What the passphrase field says of a refusal about it; rate_limited after a passphrase means too many misses. */
function passphraseError(refusal: ApiError | null): string | null {
  if (refusal?.code === "wrong_passphrase") return errorText("wrong_passphrase");
  if (refusal?.code !== "rate_limited") return null;
  const seconds = Math.ceil((refusal.retryAfterMs ?? 60_000) / 1000);
  return `Too many wrong passphrases. Wait ${seconds} s, then try again.`;
}

/** Asks a visitor who came by link for the name to show in the room. */
export function JoinForm({ formattedCode, initialName, initialRefusal, onJoin, hasPassphrase = false }: JoinFormProps) {
  const [name, setName] = useState(initialName);
  const [passphrase, setPassphrase] = useState("");
  const [passphraseMissing, setPassphraseMissing] = useState(false);
  const [refusal, setRefusal] = useState<ApiError | null>(initialRefusal);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const aboutName = refusal?.code === "name_taken" || refusal?.code === "invalid_name";
  // Once asked (by the room or by a refusal), the field stays for the next tries.
  const [askedPassphrase, setAskedPassphrase] = useState(initialRefusal !== null && PASSPHRASE_CODES.has(initialRefusal.code));
  const asksPassphrase = hasPassphrase || askedPassphrase;
  const aboutPassphrase = asksPassphrase && (PASSPHRASE_CODES.has(refusal?.code ?? "") || refusal?.code === "rate_limited");

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
    setPassphraseMissing(asksPassphrase && passphrase === "");
    if (!parsed.success || (asksPassphrase && passphrase === "")) return false;
    const refused = await onJoin(parsed.data, asksPassphrase ? passphrase : undefined);
    if (refused !== null && PASSPHRASE_CODES.has(refused.code)) setAskedPassphrase(true);
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
          autoFocus={!(asksPassphrase && initialName !== "")}
          value={name}
          error={nameError ?? (refusal !== null && aboutName ? errorText(refusal.code) : null)}
          onChange={(event) => setName(event.target.value)}
        />
        {asksPassphrase && (
          <TextField
            id="join-passphrase"
            label="Passphrase"
            type="password"
            autoComplete="off"
            autoFocus={initialName !== ""}
            value={passphrase}
            hint="This room needs its passphrase. Ask the person who shared the link."
            error={passphraseMissing ? "Enter the passphrase." : passphraseError(aboutPassphrase ? refusal : null)}
            onChange={(event) => setPassphrase(event.target.value)}
          />
        )}
        {refusal !== null && !aboutName && !aboutPassphrase && (
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
