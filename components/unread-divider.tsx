/** The line above the first message that came while the tab was hidden. */
export function UnreadDivider() {
  return (
    <p role="separator" aria-label="New messages" className="mb-2 flex items-center gap-3 text-xs font-semibold text-red-700 dark:text-red-300">
      <span aria-hidden="true" className="h-px flex-1 bg-red-300 dark:bg-red-800" />
      New messages
      <span aria-hidden="true" className="h-px flex-1 bg-red-300 dark:bg-red-800" />
    </p>
  );
}
