import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { NotificationBell } from "@/components/notification-bell";
import type { NotifyPrefs } from "@/lib/client/notifications";

function Harness({ permission, requestPermission, onChange }: { permission: NotificationPermission | "unsupported"; requestPermission: () => Promise<NotificationPermission>; onChange: (prefs: NotifyPrefs) => void }) {
  const [prefs, setPrefs] = useState<NotifyPrefs>({ mode: "off", sound: true });
  return (
    <NotificationBell
      prefs={prefs}
      onChange={(next) => {
        onChange(next);
        setPrefs(next);
      }}
      permission={() => permission}
      requestPermission={requestPermission}
    />
  );
}

function setup(permission: NotificationPermission | "unsupported" = "default", answer: NotificationPermission = "granted") {
  const requestPermission = jest.fn(() => Promise.resolve(answer));
  const onChange = jest.fn();
  render(<Harness permission={permission} requestPermission={requestPermission} onChange={onChange} />);
  return { requestPermission, onChange, user: userEvent.setup(), bell: screen.getByRole("button", { name: "Notifications: Off" }) };
}

test("opening the bell asks for nothing; the panel offers all, mentions only or off, and sound", async () => {
  const { requestPermission, user, bell } = setup();
  expect(bell).toHaveAttribute("aria-expanded", "false");
  await user.click(bell);
  expect(bell).toHaveAttribute("aria-expanded", "true");
  expect(requestPermission).not.toHaveBeenCalled();
  expect(screen.getByRole("radio", { name: "Off" })).toBeChecked();
  expect(screen.getByRole("radio", { name: "All messages" })).not.toBeChecked();
  expect(screen.getByRole("radio", { name: "Mentions only" })).toBeInTheDocument();
  expect(screen.getByRole("checkbox", { name: "Play a sound" })).toBeChecked();
});

test("choosing mentions asks for permission on that click and, granted, keeps the choice", async () => {
  const { requestPermission, onChange, user, bell } = setup("default", "granted");
  await user.click(bell);
  await user.click(screen.getByRole("radio", { name: "Mentions only" }));
  expect(requestPermission).toHaveBeenCalledTimes(1);
  expect(onChange).toHaveBeenLastCalledWith({ mode: "mentions", sound: true });
  expect(screen.getByRole("radio", { name: "Mentions only" })).toBeChecked();
  expect(screen.getByRole("button", { name: "Notifications: Mentions only" })).toBeInTheDocument();
});

test("a refused permission keeps notifications off and says why", async () => {
  const { onChange, user, bell } = setup("default", "denied");
  await user.click(bell);
  await user.click(screen.getByRole("radio", { name: "All messages" }));
  expect(onChange).not.toHaveBeenCalled();
  expect(screen.getByRole("radio", { name: "Off" })).toBeChecked();
  expect(screen.getByRole("alert")).toHaveTextContent(/blocked/);
});

test("already granted: no second question", async () => {
  const { requestPermission, onChange, user, bell } = setup("granted");
  await user.click(bell);
  await user.click(screen.getByRole("radio", { name: "All messages" }));
  expect(requestPermission).not.toHaveBeenCalled();
  expect(onChange).toHaveBeenLastCalledWith({ mode: "all", sound: true });
});

test("a browser without notifications says so", async () => {
  const { user, bell } = setup("unsupported");
  await user.click(bell);
  await user.click(screen.getByRole("radio", { name: "All messages" }));
  expect(screen.getByRole("alert")).toHaveTextContent("This browser cannot show notifications.");
});

test("the sound can be turned off", async () => {
  const { onChange, user, bell } = setup();
  await user.click(bell);
  await user.click(screen.getByRole("checkbox", { name: "Play a sound" }));
  expect(onChange).toHaveBeenLastCalledWith({ mode: "off", sound: false });
});

test("Escape closes the panel and returns focus to the bell; so does a click outside", async () => {
  const { user, bell } = setup();
  await user.click(bell);
  await user.click(screen.getByRole("radio", { name: "Off" }));
  await user.keyboard("{Escape}");
  expect(bell).toHaveAttribute("aria-expanded", "false");
  expect(bell).toHaveFocus();

  await user.click(bell);
  await user.click(document.body);
  expect(bell).toHaveAttribute("aria-expanded", "false");

  // Right after opening, focus is still on the bell: Escape closes the panel from there too.
  await user.click(bell);
  expect(bell).toHaveAttribute("aria-expanded", "true");
  await user.keyboard("{Escape}");
  expect(bell).toHaveAttribute("aria-expanded", "false");
  expect(bell).toHaveFocus();
});
