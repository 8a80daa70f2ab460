import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CopyInviteButton } from "@/components/copy-invite-button";

const link = `${window.location.origin}/room/ABC-DEF-GHJ`;

test("copies the room's link and says so", async () => {
  const user = userEvent.setup(); // installs a clipboard stub on navigator
  render(<CopyInviteButton formattedCode="ABC-DEF-GHJ" />);
  expect(screen.getByRole("status")).toHaveTextContent("");

  await user.click(screen.getByRole("button", { name: "Copy invite link" }));

  expect(await navigator.clipboard.readText()).toBe(link);
  expect(screen.getByRole("status")).toHaveTextContent("Copied");
});

test("when the clipboard refuses, shows the link to copy by hand", async () => {
  const user = userEvent.setup();
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: () => Promise.reject(new Error("denied")) } });
  render(<CopyInviteButton formattedCode="ABC-DEF-GHJ" />);

  await user.click(screen.getByRole("button", { name: "Copy invite link" }));

  expect(await screen.findByLabelText(/copy this link/i)).toHaveValue(link);
  expect(screen.getByRole("status")).not.toHaveTextContent("Copied");
});
