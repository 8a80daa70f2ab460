"use client";
import { useRoomSession } from "@/lib/client/use-room-session";
import { formatRoomCode } from "@/lib/protocol-rules";
import { JoinForm } from "./join-form";
import { RoomView } from "./room-view";

/** Everything on a room's page: finding or opening this browser's session, then the room. */
export function RoomScreen({ code }: { code: string }) {
  const { entry, join } = useRoomSession(code);
  const formattedCode = formatRoomCode(code);

  if (entry.phase === "asking") {
    return <JoinForm formattedCode={formattedCode} initialName={entry.name} initialRefusal={entry.refusal} onJoin={join} />;
  }
  if (entry.phase === "joined") return <RoomView session={entry.session} />;
  return (
    <main className="flex min-h-dvh items-center justify-center px-4" aria-busy="true">
      <p role="status" className="text-slate-600 dark:text-slate-400">
        Joining room <span className="font-mono font-semibold tracking-wider">{formattedCode}</span>…
      </p>
    </main>
  );
}
