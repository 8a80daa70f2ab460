import Link from "next/link";
import type { ReactNode } from "react";

export interface PageNoticeProps {
  /** A small line above the title, e.g. "404". */
  eyebrow?: string;
  title: string;
  children: ReactNode;
}

/** A whole page that says what happened in plain words and offers the way back home. */
export function PageNotice({ eyebrow, title, children }: PageNoticeProps) {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-md rounded-2xl border border-slate-200 bg-white p-8 text-center shadow-sm dark:border-slate-800 dark:bg-slate-900/60">
        {eyebrow !== undefined && <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">{eyebrow}</p>}
        <h1 className="mt-2 text-2xl font-bold tracking-tight">{title}</h1>
        <p className="mt-3 text-slate-600 dark:text-slate-400">{children}</p>
        <Link
          href="/"
          className="mt-6 inline-flex rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500"
        >
          Back to home
        </Link>
      </div>
    </main>
  );
}
