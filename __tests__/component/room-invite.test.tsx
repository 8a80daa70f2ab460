import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MessageList } from "@/components/message-list";
import { buildTimeline, type Notice } from "@/lib/client/timeline";
import type { Message } from "@/lib/protocol";
import { storedMessage } from "./messages";

const link = `${window.location.origin}/room/ABC-DEF-GHJ`;
const joined: Notice = { id: "n1", text: "You joined the room", afterSeq: 0, at: "2025-01-02T09:00:30.000Z" };
const isOwn = (m: Message) => m.author.name === "Ana";

afterEach(() => {
  Reflect.deleteProperty(navigator, "share");
});

test("a room with only join notices shows the invite: text, copy button and the link's QR code", async () => {
  render(<MessageList entries={buildTimeline([], [joined])} isOwn={isOwn} formattedCode="ABC-DEF-GHJ" />);

  expect(screen.getByText(/share the link/i)).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Copy invite link" })).toBeVisible();
  const qr = await screen.findByRole("img", { name: `QR code of the invite link ${link}` });
  // A version 3 or larger code for a link this long: 29+ modules a side, a few hundred dark ones.
  const modules = qr.querySelector("path")?.getAttribute("d")?.match(/M/g)?.length ?? 0;
  expect(modules).toBeGreaterThan(200);
  expect(screen.queryByRole("button", { name: /share/i })).not.toBeInTheDocument();
});

test("the first message takes the invite away", () => {
  render(<MessageList entries={buildTimeline([storedMessage(1, "Bea", "hi")], [joined])} isOwn={isOwn} formattedCode="ABC-DEF-GHJ" />);
  expect(screen.queryByText(/share the link/i)).not.toBeInTheDocument();
  expect(screen.queryByRole("img", { name: /QR code/ })).not.toBeInTheDocument();
});

test("where the browser has a share sheet, Share… opens it with the room's link", async () => {
  const share = jest.fn(() => Promise.resolve());
  Object.defineProperty(navigator, "share", { configurable: true, value: share });
  const user = userEvent.setup();
  render(<MessageList entries={[]} isOwn={isOwn} formattedCode="ABC-DEF-GHJ" />);

  await user.click(screen.getByRole("button", { name: "Share…" }));

  expect(share).toHaveBeenCalledWith(expect.objectContaining({ url: link }));
});
