import type { ConnectionStatus } from "@/lib/client/room-session";

const LOOK: Record<ConnectionStatus, { label: string; dot: string }> = {
  connected: { label: "Connected", dot: "bg-emerald-500" },
  connecting: { label: "Connecting…", dot: "animate-pulse bg-amber-400" },
  reconnecting: { label: "Reconnecting…", dot: "animate-pulse bg-amber-400" },
  closed: { label: "Disconnected", dot: "bg-slate-400" },
};

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const { label, dot } = LOOK[status];
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
      <span aria-hidden="true" className={`size-2 rounded-full ${dot}`} />
      {label}
    </span>
  );
}
