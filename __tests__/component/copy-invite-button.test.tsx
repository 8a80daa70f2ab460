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

function refuseClipboard() {
  Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText: () => Promise.reject(new Error("denied")) } });
}

test("the copy-by-hand link closes with Escape, and focus returns to the button", async () => {
  const user = userEvent.setup();
  refuseClipboard();
  render(<CopyInviteButton formattedCode="ABC-DEF-GHJ" />);
  await user.click(screen.getByRole("button", { name: "Copy invite link" }));
  expect(await screen.findByLabelText(/copy this link/i)).toHaveFocus();

  await user.keyboard("{Escape}");

  expect(screen.queryByLabelText(/copy this link/i)).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Copy invite link" })).toHaveFocus();
});

test("the copy-by-hand link closes on a click outside it, not on a click inside it", async () => {
  const user = userEvent.setup();
  refuseClipboard();
  render(
    <div>
      <p>elsewhere</p>
      <CopyInviteButton formattedCode="ABC-DEF-GHJ" />
    </div>,
  );
  await user.click(screen.getByRole("button", { name: "Copy invite link" }));
  await user.click(await screen.findByLabelText(/copy this link/i));
  expect(screen.getByLabelText(/copy this link/i)).toBeInTheDocument();

  await user.click(screen.getByText("elsewhere"));

  expect(screen.queryByLabelText(/copy this link/i)).not.toBeInTheDocument();
});
