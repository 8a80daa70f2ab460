"use client";
import { useState } from "react";
import { CopyInviteButton, inviteLink } from "./copy-invite-button";
import { InviteQr } from "./invite-qr";

/** The Web Share API (the phone's share sheet), where the browser has one: most phones, few desktops. */
function shareSheet(): Navigator["share"] | null {
  return typeof navigator !== "undefined" && typeof navigator.share === "function" ? navigator.share.bind(navigator) : null;
}

/**
 * What an empty room shows: how to bring people in. The link to copy, its QR code for a phone across
 * the table, and the share sheet where there is one.
 */
export function RoomInvite({ formattedCode }: { formattedCode: string }) {
  const [share] = useState(shareSheet);
  const link = inviteLink(formattedCode);

  async function openShareSheet() {
    try {
      await share?.({ title: `Roomchat ${formattedCode}`, text: `Join my room ${formattedCode} on Roomchat`, url: link });
    } catch {
      // Closed without sharing (AbortError), or refused: the copy button and the QR code remain.
    }
  }

  return (
    <section aria-labelledby="room-invite-heading" className="m-auto flex max-w-sm flex-col items-center gap-3 py-4 text-center">
      {/* Named without "message": the region would otherwise share its name with the message box. */}
      <h2 id="room-invite-heading" className="text-sm font-semibold text-slate-700 dark:text-slate-200">
        Invite people
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">No messages yet. Share the link to invite people, then say hello. Anyone with it can read and write here.</p>
      <InviteQr text={link} label={`QR code of the invite link ${link}`} />
      <div className="flex flex-wrap items-center justify-center gap-2">
        <CopyInviteButton formattedCode={formattedCode} labelled />
        {share !== null && (
          <button
            type="button"
            onClick={() => void openShareSheet()}
            className="inline-flex items-center gap-1.5 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
          >
            <ShareIcon />
            Share…
          </button>
        )}
      </div>
    </section>
  );
}

function ShareIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.75" className="size-4">
      <path d="M10 3v10M6.5 6.5 10 3l3.5 3.5M5 10v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-6" />
    </svg>
  );
}
