"use client";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import type { RoomSession } from "@/lib/client/room-session";
import { dropSession } from "@/lib/client/session-registry";
import { buildTimeline } from "@/lib/client/timeline";
import { useRoomState } from "@/lib/client/use-room";
import type { Message } from "@/lib/protocol";
import { formatRoomCode } from "@/lib/protocol-rules";
import { Button } from "./button";
import { Conversation } from "./conversation";
import { MemberList } from "./member-list";
import { NotificationBell } from "./notification-bell";
import { RefusalPage } from "./refusal-page";
import { RoomHeader } from "./room-header";
import { RoomMenu } from "./room-menu";
import { useNotifications } from "./use-notifications";
import { useUnread } from "./use-unread";
import { TypingLine } from "./typing-line";

const MEMBERS_ID = "room-members";

/** The room itself, live: header, who is here, the messages and the composer. */
export function RoomView({ session }: { session: RoomSession }) {
  const state = useRoomState(session);
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);
  const [membersOpen, setMembersOpen] = useState(false);
  const formattedCode = formatRoomCode(session.code);
  const yourName = state.you?.name ?? session.name;
  const { firstUnreadId } = useUnread(state.messages, state.you?.id ?? null);
  const notifications = useNotifications({ code: session.code, roomLabel: formattedCode, messages: state.messages, yourName, isOwn: (message) => session.isOwn(message) });
  const mentionNames = useMemo(() => state.members.map((member) => member.name), [state.members]);
  const entries = useMemo(() => buildTimeline(state.messages, state.notices, state.outbox), [state.messages, state.notices, state.outbox]);

  if (state.refusal !== null) return <RefusalPage error={state.refusal} wasIn={state.you !== null} />;
  const ownerActions = state.room !== null && session.owner.isOwner() ? session.owner : null;

  async function leave() {
    setLeaving(true);
    await session.leave();
    dropSession(session);
    router.push("/");
  }

  return (
    <div className="flex h-dvh flex-col">
      <RoomHeader
        formattedCode={formattedCode}
        status={state.status}
        retry={state.retry}
        memberCount={state.members.length}
        membersId={MEMBERS_ID}
        membersOpen={membersOpen}
        onToggleMembers={() => setMembersOpen((open) => !open)}
        leaving={leaving}
        onLeave={() => void leave()}
      >
        <NotificationBell prefs={notifications.prefs} onChange={notifications.setPrefs} />
        {state.room !== null && <RoomMenu code={session.code} room={state.room} ownerActions={ownerActions} />}
      </RoomHeader>
      {state.status === "closed" && !leaving && <Disconnected />}
      <div className="flex min-h-0 flex-1 flex-col md:flex-row">
        <MemberList
          id={MEMBERS_ID}
          members={state.members}
          you={state.you}
          owner={state.room?.owner ?? null}
          lifetimeHours={state.room?.lifetimeHours}
          ownerActions={ownerActions}
          className={`${membersOpen ? "flex" : "hidden"} max-h-48 border-b border-slate-200 bg-white md:order-last md:flex md:max-h-none md:w-64 md:border-b-0 md:border-l dark:border-slate-800 dark:bg-slate-900`}
        />
        <main className="flex min-h-0 min-w-0 flex-1 flex-col">
          <Conversation
            entries={entries}
            formattedCode={formattedCode}
            isOwn={(message: Message) => session.isOwn(message)}
            yourName={yourName}
            firstUnreadId={firstUnreadId}
            mentionNames={mentionNames}
            onRetry={(clientId) => session.retry(clientId)}
            onDiscard={(clientId) => session.discard(clientId)}
            hasOlder={state.hasOlder}
            loadingOlder={state.loadingOlder}
            onLoadOlder={() => void session.loadOlder().catch((error: unknown) => console.error("Could not load older messages", error))}
            onLoadOlderUntil={(seq) => session.loadOlderUntil(seq)}
            disabled={state.status === "closed"}
            onSend={(text, replyTo) => session.send(text, replyTo)}
            onEdit={(messageId, text) => session.edit(messageId, text)}
            onDelete={(messageId) => session.deleteMessage(messageId)}
            onToggleReaction={(messageId, emoji) => session.toggleReaction(messageId, emoji)}
            aboveComposer={<TypingLine typing={session.typing} />}
            onDraftChange={(text) => session.draftChanged(text)}
          />
        </main>
      </div>
    </div>
  );
}

function Disconnected() {
  return (
    <div role="alert" className="flex items-center justify-center gap-3 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:bg-amber-950/60 dark:text-amber-200">
      You are no longer connected to this room.
      <Button variant="secondary" className="px-3 py-1" onClick={() => window.location.reload()}>
        Rejoin
      </Button>
    </div>
  );
}
