"use client";
/**
 * Finds or opens this browser's session for a room page: the one the home page opened, else a new
 * one under the remembered name, else it asks for a name. Holds the session while mounted.
 *
 * Holding is done by one effect keyed on the session, so that StrictMode's extra unmount/mount and
 * client navigations pair every acquire with one release. Whoever opened or found the session lets
 * go of that first hold at once: the registry closes an unheld session only after a grace period,
 * which the holding effect's acquire cancels.
 *
 * The session code itself (Socket.IO, zod) is loaded by the first effect, right after hydration: the
 * page is interactive before it arrives (docs/performance.md#browser-first-load-javascript).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { ApiError } from "../protocol";
import { loadName } from "./identity";
import { loadRealtime, preloadRealtime } from "./load-realtime";
import { JoinRefusedError } from "./refusals";
import type { RoomSession } from "./room-session";
import { acquireSession, releaseSession } from "./session-registry";

export type RoomEntry =
  | { phase: "finding" }
  | { phase: "asking"; name: string; refusal: ApiError | null }
  | { phase: "joined"; session: RoomSession };

async function joinRoom(code: string, name: string, passphrase?: string): Promise<RoomSession> {
  return (await loadRealtime()).joinRoom(code, name, passphrase);
}

function handOver(session: RoomSession): RoomSession {
  releaseSession(session);
  return session;
}

function refusalOf(error: unknown): ApiError {
  if (error instanceof JoinRefusedError) return error.error;
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}

/** Joins under `name` (with the passphrase typed, if asked); resolves to null once in, or to the refusal. */
export type JoinRoom = (name: string, passphrase?: string) => Promise<ApiError | null>;

export function useRoomSession(code: string): { entry: RoomEntry; join: JoinRoom } {
  const [entry, setEntry] = useState<RoomEntry>({ phase: "finding" });
  const autoJoin = useRef<Promise<RoomSession> | null>(null);
  const session = entry.phase === "joined" ? entry.session : null;

  useEffect(() => {
    const found = acquireSession(code);
    const name = found === null ? loadName() : "";
    if (found !== null || name === "") {
      // Someone about to type a name will need the session code next: fetch it meanwhile.
      if (found === null) preloadRealtime();
      // The registry and localStorage live in the browser only: the server render cannot decide this.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setEntry(found !== null ? { phase: "joined", session: handOver(found) } : { phase: "asking", name: "", refusal: null });
      return;
    }
    let cancelled = false;
    // Shared by StrictMode's second effect run, so that one mount opens one connection.
    autoJoin.current ??= joinRoom(code, name).then(handOver);
    autoJoin.current.then(
      (joined) => !cancelled && setEntry({ phase: "joined", session: joined }),
      (error: unknown) => !cancelled && setEntry({ phase: "asking", name, refusal: refusalOf(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [code]);

  useEffect(() => {
    if (session === null) return;
    const held = acquireSession(session.code);
    return () => {
      if (held !== null) releaseSession(held);
    };
  }, [session]);

  const join = useCallback<JoinRoom>(
    async (name, passphrase) => {
      try {
        setEntry({ phase: "joined", session: handOver(await joinRoom(code, name, passphrase)) });
        return null;
      } catch (error) {
        return refusalOf(error);
      }
    },
    [code],
  );

  return { entry, join };
}
