"use client";
import type { ConnectionStatus, RetryInfo } from "@/lib/client/room-session";
import { retryText } from "./error-text";
import { useSecondsUntil } from "./use-seconds-until";

const LOOK: Record<ConnectionStatus, { label: string; dot: string }> = {
  connected: { label: "Connected", dot: "bg-emerald-500" },
  connecting: { label: "Connecting…", dot: "animate-pulse bg-amber-400 motion-reduce:animate-none" },
  reconnecting: { label: "Reconnecting…", dot: "animate-pulse bg-amber-400 motion-reduce:animate-none" },
  closed: { label: "Disconnected", dot: "bg-slate-400" },
};

export function ConnectionBadge({ status, retry = null }: { status: ConnectionStatus; retry?: RetryInfo | null }) {
  const { label, dot } = LOOK[status];
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      {retry === null ? label : <RetryCountdown key={retry.at} retry={retry} />}
    </span>
  );
}

/** "Room is full, retrying in 5 s", counting down to the session's next attempt. */
function RetryCountdown({ retry }: { retry: RetryInfo }) {
  const seconds = useSecondsUntil(retry.at);
  return <>{retryText(retry.code, seconds)}</>;
}
