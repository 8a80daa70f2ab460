"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState, type KeyboardEvent } from "react";
import { loadRealtime, preloadRealtime } from "@/lib/client/load-realtime";
import { ApiRequestError, JoinRefusedError } from "@/lib/client/refusals";
import type { RoomSession } from "@/lib/client/room-session";
import { releaseSession } from "@/lib/client/session-registry";
import { useStoredName } from "@/lib/client/use-stored-name";
import type { ErrorCode } from "@/lib/protocol";
import { formatRoomCode, normalizeRoomCode } from "@/lib/protocol-rules";
import { Button } from "./button";
import { errorText, sendErrorText } from "./error-text";
import { FormAlert } from "./form-alert";
import { DEFAULT_ROOM_OPTIONS, RoomOptions, type RoomOptionsValue } from "./room-options";
import { TextField } from "./text-field";

type FormErrors = { name?: string; code?: string; form?: string };
type Action = "create" | "join";

/** Puts a refusal next to the field it is about. */
function errorsFor(error: unknown): FormErrors {
  const known = error instanceof JoinRefusedError || error instanceof ApiRequestError ? error.error : null;
  const code: ErrorCode = known?.code ?? "internal";
  if (code === "name_taken" || code === "invalid_name") return { name: errorText(code) };
  if (code === "room_not_found") return { code: errorText(code) };
  // An unreachable server comes with a sentence that says so; prefer it to the generic text.
  return { form: known === null ? errorText(code) : sendErrorText(known) };
}

function checkCode(input: string): { code: string } | { error: string } {
  if (input.trim() === "") return { error: "Enter the room code you were given." };
  const code = normalizeRoomCode(input);
  return code === null ? { error: "That is not a room code. Codes look like ABC-DEF-GHJ." } : { code };
}

/**
 * Validates, opens the session here (so that refusals show on this form), then goes to the room.
 * The name's schema and the session come with the realtime code, which loads right after hydration.
 */
function useRoomEntry() {
  const router = useRouter();
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState<Action | null>(null);
  const [opened, setOpened] = useState<RoomSession | null>(null);

  useEffect(preloadRealtime, []);
  // The room page takes its own hold on the session; the registry's grace period bridges the hand-over.
  useEffect(() => (opened === null ? undefined : () => releaseSession(opened)), [opened]);

  async function enter(action: Action, name: string, codeInput: string, options: RoomOptionsValue) {
    try {
      const { DisplayNameSchema, firstIssue, createRoom, joinRoom } = await loadRealtime();
      const parsedName = DisplayNameSchema.safeParse(name);
      const found: { code?: string; error?: string } = action === "join" ? checkCode(codeInput) : {};
      if (!parsedName.success || found.error !== undefined) {
        setErrors({ name: parsedName.success ? undefined : firstIssue(parsedName.error), code: found.error });
        return setBusy(null);
      }
      const { lifetimeHours, passphrase } = options;
      const code = found.code ?? (await createRoom(passphrase === "" ? { lifetimeHours } : { lifetimeHours, passphrase }));
      setOpened(await joinRoom(code, parsedName.data));
      router.push(`/room/${formatRoomCode(code)}`);
    } catch (error) {
      setErrors(errorsFor(error));
      setBusy(null);
    }
  }

  function start(action: Action, name: string, codeInput: string, options = DEFAULT_ROOM_OPTIONS) {
    if (busy !== null) return;
    setBusy(action);
    setErrors({});
    void enter(action, name, codeInput, options);
  }

  const clearError = (field: keyof FormErrors) => setErrors((current) => ({ ...current, [field]: undefined }));
  return { errors, busy, start, clearError };
}

/**
 * The home page's form: a name, then Create room, or a code and Join room. Enter submits the form, and
 * what it does follows the code field: a typed code means Join (someone who pasted an invite must not
 * land in a new, empty room), and the primary button and the hint under the name say so.
 */
export function HomeForm() {
  const storedName = useStoredName();
  const [typedName, setTypedName] = useState<string | null>(null);
  const [codeInput, setCodeInput] = useState("");
  const [options, setOptions] = useState(DEFAULT_ROOM_OPTIONS);
  const { errors, busy, start, clearError } = useRoomEntry();
  const name = typedName ?? storedName;
  const joining = codeInput.trim() !== "";

  function onCodeKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== "Enter" || event.nativeEvent.isComposing) return;
    // Enter in the code field always means Join, even when empty: the error then asks for a code.
    event.preventDefault();
    start("join", name, codeInput);
  }

  return (
    <form
      noValidate
      className="flex flex-col gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        start(joining ? "join" : "create", name, codeInput, options);
      }}
    >
      <TextField
        id="display-name"
        label="Your name"
        autoComplete="nickname"
        autoFocus
        placeholder="How others will see you"
        value={name}
        error={errors.name}
        hint={joining ? "Enter joins the room whose code you typed below." : "Enter creates a new room. To join one, type its code below."}
        onChange={(event) => {
          setTypedName(event.target.value);
          clearError("name");
        }}
      />
      <RoomOptions value={options} onChange={setOptions} />
      <Button
        type={joining ? "button" : "submit"}
        variant={joining ? "secondary" : "primary"}
        busy={busy === "create"}
        disabled={busy !== null}
        onClick={joining ? () => start("create", name, codeInput, options) : undefined}
      >
        Create room
      </Button>
      <Divider>or join a room</Divider>
      <TextField
        id="room-code"
        label="Room code"
        placeholder="ABC-DEF-GHJ"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        className="[&_input]:font-mono [&_input]:tracking-wider"
        value={codeInput}
        error={errors.code}
        onKeyDown={onCodeKeyDown}
        onChange={(event) => {
          setCodeInput(event.target.value);
          clearError("code");
        }}
      />
      <Button
        type={joining ? "submit" : "button"}
        variant={joining ? "primary" : "secondary"}
        busy={busy === "join"}
        disabled={busy !== null}
        onClick={joining ? undefined : () => start("join", name, codeInput)}
      >
        Join room
      </Button>
      {errors.form !== undefined && <FormAlert>{errors.form}</FormAlert>}
    </form>
  );
}

function Divider({ children }: { children: string }) {
  return (
    <div className="flex items-center gap-3 text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
      <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
      {children}
      <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
    </div>
  );
}
