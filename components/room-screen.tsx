"use client";
import { lazy, Suspense, useEffect, useState } from "react";
import { loadRealtime } from "@/lib/client/load-realtime";
import { useRoomSession, type JoinRoom } from "@/lib/client/use-room-session";
import type { ApiError } from "@/lib/protocol";
import { formatRoomCode } from "@/lib/protocol-rules";
import { JoinForm } from "./join-form";
import { isFinalRefusal, RefusalPage } from "./refusal-page";

/**
 * The room itself (messages, menus, composer) shows only once the session has joined, and joining needs
 * the realtime code that loads after hydration anyway (lib/client/load-realtime.ts): so the room's
 * components load beside it, not before the page is interactive. The page's first load was 149.9 KB of
 * its 150 KB budget with them in it (docs/performance.md#browser-first-load-javascript).
 */
const loadRoomView = () => import("./room-view");
const RoomView = lazy(() => loadRoomView().then((module) => ({ default: module.RoomView })));

/** Everything on a room's page: finding or opening this browser's session, then the room. */
export function RoomScreen({ code }: { code: string }) {
  const { entry, join } = useRoomSession(code);
  const formattedCode = formatRoomCode(code);
  const hasPassphrase = useHasPassphrase(code, entry.phase === "asking");
  // A refusal no other name or passphrase can change (kicked, locked, ended) replaces the form.
  const [final, setFinal] = useState<ApiError | null>(null);
  const joinOrStop: JoinRoom = async (name, passphrase) => {
    const refused = await join(name, passphrase);
    if (refused !== null && isFinalRefusal(refused.code)) setFinal(refused);
    return refused;
  };
  useEffect(() => {
    // Fetched while the session joins; a failure shows when the room is rendered (and retried then).
    loadRoomView().catch(() => undefined);
  }, []);

  if (entry.phase === "asking") {
    const refusal = final ?? entry.refusal;
    if (refusal !== null && isFinalRefusal(refusal.code)) return <RefusalPage error={refusal} wasIn={false} />;
    return <JoinForm formattedCode={formattedCode} initialName={entry.name} initialRefusal={entry.refusal} onJoin={joinOrStop} hasPassphrase={hasPassphrase} />;
  }
  const joining = <Joining formattedCode={formattedCode} />;
  if (entry.phase === "joined") {
    return (
      <Suspense fallback={joining}>
        <RoomView session={entry.session} />
      </Suspense>
    );
  }
  return joining;
}

/**
 * Whether the room asks newcomers for a passphrase, looked up while the join form shows so that it
 * asks for it with the name instead of after a refusal. A failed look-up leaves that to the refusal.
 */
function useHasPassphrase(code: string, asking: boolean): boolean {
  const [hasPassphrase, setHasPassphrase] = useState(false);
  useEffect(() => {
    if (!asking) return;
    let cancelled = false;
    loadRealtime()
      .then((realtime) => realtime.fetchRoomInfo(code))
      .then((info) => !cancelled && setHasPassphrase(info.hasPassphrase))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [code, asking]);
  return hasPassphrase;
}

function Joining({ formattedCode }: { formattedCode: string }) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4" aria-busy="true">
      <p role="status" className="text-slate-600 dark:text-slate-400">
        Joining room <span className="font-mono font-semibold tracking-wider">{formattedCode}</span>…
      </p>
    </main>
  );
}
