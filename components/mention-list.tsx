export interface MentionListProps {
  id: string;
  open: boolean;
  options: readonly string[];
  activeIndex: number;
  optionId: (index: number) => string;
  onPick: (name: string) => void;
}

/**
 * The listbox of a mention combobox (use-mention-combobox.ts). Always rendered, so the field's
 * aria-controls points at an element; focus stays in the field, so a press must not take it.
 */
export function MentionList({ id, open, options, activeIndex, optionId, onPick }: MentionListProps) {
  return (
    <ul
      id={id}
      role="listbox"
      aria-label="People to mention"
      hidden={!open}
      className="absolute bottom-full left-3 z-20 mb-1 max-h-64 w-64 overflow-y-auto rounded-lg border border-slate-200 bg-white py-1 text-sm shadow-lg sm:left-6 dark:border-slate-700 dark:bg-slate-900"
    >
      {open &&
        options.map((name, index) => (
          <li
            key={name}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => onPick(name)}
            className={`cursor-pointer truncate px-3 py-1.5 ${index === activeIndex ? "bg-indigo-600 text-white" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
          >
            @{name}
          </li>
        ))}
    </ul>
  );
}
