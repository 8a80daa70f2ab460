import type { InputHTMLAttributes } from "react";

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  id: string;
  label: string;
  /** Shown under the input, announced, and linked to it with aria-describedby. */
  error?: string | null | undefined;
  /** What the field is for or what Enter does in it: shown under the input and linked to it. */
  hint?: string;
}

export function TextField({ id, label, error, hint, className = "", ...rest }: TextFieldProps) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = error !== undefined && error !== null && error !== "";
  const describedBy = [invalid ? errorId : null, hint !== undefined ? hintId : null].filter(Boolean).join(" ");
  return (
    <div className={`flex flex-col gap-1.5 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy === "" ? undefined : describedBy}
        className={`w-full rounded-lg border bg-white px-3 py-2.5 text-base text-slate-900 shadow-sm placeholder:text-slate-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 ${
          invalid ? "border-red-500 dark:border-red-400" : "border-slate-300 dark:border-slate-700"
        }`}
        {...rest}
      />
      {invalid && (
        <p id={errorId} role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      {hint !== undefined && (
        <p id={hintId} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
    </div>
  );
}
