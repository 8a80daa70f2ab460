import { DEFAULT_ROOM_LIFETIME_HOURS, ROOM_LIFETIME_HOURS, type RoomLifetimeHours } from "@/lib/protocol-rules";
import { lifetimeWords } from "@/lib/client/room-notices";
import { TextField } from "./text-field";

export interface RoomOptionsValue {
  lifetimeHours: RoomLifetimeHours;
  /** "" for none. */
  passphrase: string;
}

export const DEFAULT_ROOM_OPTIONS: RoomOptionsValue = { lifetimeHours: DEFAULT_ROOM_LIFETIME_HOURS, passphrase: "" };

export interface RoomOptionsProps {
  value: RoomOptionsValue;
  onChange: (value: RoomOptionsValue) => void;
}

/** What a room's creator may choose (issue 19): how long it is kept, and a passphrase for joining it. */
export function RoomOptions({ value, onChange }: RoomOptionsProps) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <LifetimeSelect id="room-lifetime" value={value.lifetimeHours} onChange={(lifetimeHours) => onChange({ ...value, lifetimeHours })} />
      <TextField
        id="room-passphrase"
        label="Passphrase (optional)"
        type="password"
        autoComplete="new-password"
        value={value.passphrase}
        onChange={(event) => onChange({ ...value, passphrase: event.target.value })}
      />
    </div>
  );
}

export interface LifetimeSelectProps {
  id: string;
  value: number;
  onChange: (hours: RoomLifetimeHours) => void;
  disabled?: boolean;
}

/** The lifetimes a room is offered; a native select, so keyboards and screen readers know it already. */
export function LifetimeSelect({ id, value, onChange, disabled }: LifetimeSelectProps) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-slate-700 dark:text-slate-300">
        Delete the room after
      </label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(Number(event.target.value) as RoomLifetimeHours)}
        className="w-full rounded-lg border border-slate-300 bg-white px-3 py-2.5 text-base text-slate-900 shadow-sm focus:outline-2 focus:outline-indigo-500 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {ROOM_LIFETIME_HOURS.map((hours) => (
          <option key={hours} value={hours}>
            {lifetimeWords(hours)}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="text-sm text-slate-600 dark:text-slate-400">
        without a new message
      </p>
    </div>
  );
}
