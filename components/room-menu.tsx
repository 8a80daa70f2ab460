"use client";
import { useId, useRef, useState } from "react";
import { lifetimeSentence } from "@/lib/client/room-notices";
import { downloadTranscript, type TranscriptFormat } from "@/lib/client/transcript";
import type { RoomState as RoomControl } from "@/lib/protocol";
import { Button } from "./button";
import { sendErrorText } from "./error-text";
import { FormAlert } from "./form-alert";
import { OwnerControlsPanel } from "./owner-controls";
import type { OwnerActions } from "./use-owner-action";
import { useDismiss } from "./use-dismiss";

export interface RoomMenuProps {
  code: string;
  room: RoomControl;
  /** The owner's actions, for the owner only; others see the lifetime and the transcript. */
  ownerActions: OwnerActions | null;
}

/**
 * The room's menu: a button that opens a non-modal dialog (https://www.w3.org/WAI/ARIA/apg/patterns/dialog-modal/
 * without the modality: the room stays usable). A dialog rather than a menu because it holds a form
 * and a select. Escape or a press outside closes it and focus returns to the button.
 */
export function RoomMenu({ code, room, ownerActions }: RoomMenuProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  useDismiss(open, root, () => setOpen(false), button);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex items-center gap-1.5 rounded-lg border border-slate-300 p-2 text-sm sm:px-2.5 sm:py-1.5 font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        <SlidersIcon />
        {/* Words from sm up; on a 320 px phone the header has room for the icon only (its name stays). */}
        <span className="sr-only sm:not-sr-only">Room menu</span>
      </button>
      {open && (
        <div
          id={id}
          role="dialog"
          aria-labelledby={`${id}-title`}
          className="absolute top-full right-0 z-40 mt-2 flex max-h-[80dvh] w-80 max-w-[calc(100vw-1.5rem)] flex-col gap-3 overflow-y-auto rounded-xl border border-slate-200 bg-white p-4 text-slate-900 shadow-xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <h2 id={`${id}-title`} className="text-base font-semibold">
            {ownerActions === null ? "Room" : "Room settings"}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">{lifetimeSentence(room.lifetimeHours)}.</p>
          <TranscriptButtons code={code} />
          {ownerActions !== null && <OwnerControlsPanel room={room} actions={ownerActions} />}
        </div>
      )}
    </div>
  );
}

function SlidersIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" className="size-4">
      <path d="M3 5h8m4 0h2M3 10h2m4 0h8M3 15h10m4 0h0" />
      <circle cx="13" cy="5" r="2" />
      <circle cx="7" cy="10" r="2" />
      <circle cx="15" cy="15" r="2" />
    </svg>
  );
}

function TranscriptButtons({ code }: { code: string }) {
  const [busy, setBusy] = useState<TranscriptFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download(format: TranscriptFormat) {
    setBusy(format);
    setError(null);
    const refused = await downloadTranscript(code, format);
    setBusy(null);
    if (refused !== null) setError(sendErrorText(refused));
  }

  return (
    <div role="group" aria-labelledby="transcript-label" className="flex flex-col gap-2">
      <p id="transcript-label" className="text-sm font-medium">
        Download transcript
      </p>
      <div className="flex gap-2">
        {/* The first control takes focus when the dialog opens: keyboard users start inside it. */}
        <Button autoFocus variant="secondary" className="flex-1" busy={busy === "md"} onClick={() => void download("md")}>
          Markdown
        </Button>
        <Button variant="secondary" className="flex-1" busy={busy === "json"} onClick={() => void download("json")}>
          JSON
        </Button>
      </div>
      {error !== null && <FormAlert>{error}</FormAlert>}
    </div>
  );
}
