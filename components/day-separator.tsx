import { memo } from "react";

/** The line before a day's first entry: "Today", "Yesterday" or the date. */
export const DaySeparator = memo(function DaySeparator({ label }: { label: string }) {
  return (
    <div role="separator" aria-label={label} className="flex items-center gap-3 pt-2 pb-3 text-xs font-medium text-slate-600 dark:text-slate-300">
      <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
      <span>{label}</span>
      <span aria-hidden="true" className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
    </div>
  );
});
