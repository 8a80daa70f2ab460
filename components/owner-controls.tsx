"use client";
import { useState } from "react";
import type { RoomState as RoomControl } from "@/lib/protocol";
import { Button } from "./button";
import { FormAlert } from "./form-alert";
import { LifetimeSelect } from "./room-options";
import { TextField } from "./text-field";
import { useOwnerAction, type OwnerActions } from "./use-owner-action";

export interface OwnerControlsProps {
  room: RoomControl;
  actions: OwnerActions;
}

const SECTION = "flex flex-col gap-2 border-t border-slate-200 pt-3 dark:border-slate-800";
const HEADING = "text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400";

/** The owner's part of the room menu: lock, passphrase, lifetime, the kicked list, and ending the room. */
export function OwnerControlsPanel({ room, actions }: OwnerControlsProps) {
  const { busy, error, run } = useOwnerAction();
  const [passphrase, setPassphrase] = useState("");
  // null until asked: then focus follows the question and comes back to its button on Cancel.
  const [confirmingEnd, setConfirmingEnd] = useState<boolean | null>(null);

  return (
    <div className="flex flex-col gap-3">
      <section className={SECTION} aria-labelledby="owner-access">
        <h3 id="owner-access" className={HEADING}>
          Who may join
        </h3>
        <p className="text-sm">{room.locked ? "Locked: nobody new can join." : "Open to anyone with the code."}</p>
        <Button variant="secondary" busy={busy === "lock"} onClick={() => void run("lock", () => actions.lock(!room.locked))}>
          {room.locked ? "Unlock room" : "Lock room"}
        </Button>
        <form
          className="flex flex-col gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (passphrase !== "") void run("passphrase", () => actions.setPassphrase(passphrase)).then((ok) => ok && setPassphrase(""));
          }}
        >
          <TextField
            id="owner-passphrase"
            label={room.hasPassphrase ? "New passphrase" : "Passphrase"}
            type="password"
            autoComplete="new-password"
            value={passphrase}
            hint={room.hasPassphrase ? "Newcomers need the passphrase." : "No passphrase: the code is enough."}
            onChange={(event) => setPassphrase(event.target.value)}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="secondary" busy={busy === "passphrase"} disabled={passphrase === ""}>
              Set passphrase
            </Button>
            {room.hasPassphrase && (
              <Button variant="ghost" busy={busy === "clear"} onClick={() => void run("clear", () => actions.setPassphrase(null))}>
                Remove passphrase
              </Button>
            )}
          </div>
        </form>
      </section>
      <section className={SECTION} aria-label="Lifetime">
        <LifetimeSelect id="owner-lifetime" value={room.lifetimeHours} disabled={busy === "lifetime"} onChange={(hours) => void run("lifetime", () => actions.setLifetime(hours))} />
      </section>
      <section className={SECTION} aria-labelledby="owner-kicked">
        <h3 id="owner-kicked" className={HEADING}>
          Removed members
        </h3>
        {room.kicked.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Nobody.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {room.kicked.map((name) => (
              <li key={name} className="flex items-center justify-between gap-2 text-sm">
                <span className="truncate">{name}</span>
                <Button variant="ghost" className="px-2 py-1" aria-label={`Let ${name} back in`} busy={busy === `unkick:${name}`} onClick={() => void run(`unkick:${name}`, () => actions.unkick(name))}>
                  Let back in
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className={SECTION} aria-label="End room">
        {confirmingEnd ? (
          <div role="group" aria-labelledby="owner-end-question" className="flex flex-col gap-2">
            <p id="owner-end-question" className="text-sm font-medium">
              End the room for everyone? It and all its messages are deleted at once.
            </p>
            <div className="flex gap-2">
              <Button autoFocus className="bg-red-700 hover:bg-red-600" busy={busy === "end"} onClick={() => void run("end", () => actions.end())}>
                End room for everyone
              </Button>
              <Button variant="ghost" onClick={() => setConfirmingEnd(false)}>
                Cancel
              </Button>
            </div>
          </div>
        ) : (
          <Button autoFocus={confirmingEnd === false} variant="secondary" className="text-red-700 dark:text-red-300" onClick={() => setConfirmingEnd(true)}>
            End room
          </Button>
        )}
      </section>
      {error !== null && <FormAlert>{error}</FormAlert>}
    </div>
  );
}
