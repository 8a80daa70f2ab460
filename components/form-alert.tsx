import type { ReactNode } from "react";

/** An error about a whole form rather than one field, announced when it appears. */
export function FormAlert({ id, className = "", children }: { id?: string; className?: string; children: ReactNode }) {
  return (
    <p id={id} role="alert" className={`rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-950/50 dark:text-red-300 ${className}`}>
      {children}
    </p>
  );
}
