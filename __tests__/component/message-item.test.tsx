/**
 * A message stays inside its bubble whatever its text: long words wrap anywhere, and what still
 * overflows (stacked combining marks) is clipped at the bubble's edge. jsdom lays nothing out, so
 * these hold the classes that do it; e2e would see the pixels.
 */
import { render, screen } from "@testing-library/react";
import { MessageItem } from "@/components/message-item";
import { OutboxItem } from "@/components/outbox-item";
import type { Message } from "@/lib/protocol";

const ZALGO = `Z${"\u0336\u0301\u0316".repeat(5)}algo`;
const LONG_WORD = "x".repeat(500);

function message(text: string): Message {
  return {
    id: "m1",
    seq: 1,
    roomCode: "ABCDEFGHJ",
    clientId: "c1",
    author: { id: "b0b0b0b0b0b0b0b0", name: "Bea" },
    text,
    createdAt: "2025-01-02T09:00:00.000Z",
    version: 0,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
  };
}

/** The text's paragraph and the bubble around it. */
function bubbleOf(text: string) {
  const paragraph = screen.getByText(text).closest("p") as HTMLParagraphElement;
  return { paragraph, bubble: paragraph.parentElement as HTMLElement };
}

test.each([
  ["a received message", false],
  ["your own message", true],
])("%s wraps anywhere and clips what overflows its bubble", (_label, own) => {
  for (const text of [ZALGO, LONG_WORD]) {
    const { unmount } = render(<MessageItem message={message(text)} own={own} />);
    const { paragraph, bubble } = bubbleOf(text);
    expect(paragraph.className).toMatch(/\[overflow-wrap:anywhere\]/);
    expect(paragraph.className).toMatch(/whitespace-pre-wrap/);
    expect(bubble.className).toMatch(/\boverflow-hidden\b/);
    // The bubble fills at most its column, which is at most 85% of the conversation's width.
    expect(bubble.className).toMatch(/\bmax-w-full\b/);
    expect(bubble.parentElement?.className).toMatch(/max-w-\[85%\]/);
    unmount();
  }
});

test.each(["pending", "failed"] as const)("a %s message waiting in the outbox is contained the same way", (status) => {
  const entry = { clientId: "c1", text: ZALGO, createdAt: "2025-01-02T09:00:00.000Z", status };
  render(<OutboxItem entry={entry} author="Ana" onRetry={() => undefined} onDiscard={() => undefined} />);
  const { paragraph, bubble } = bubbleOf(ZALGO);
  expect(paragraph.className).toMatch(/\[overflow-wrap:anywhere\]/);
  expect(bubble.className).toMatch(/\boverflow-hidden\b/);
});

test("shows the author's id in this room on hover, so that two authors never look the same", () => {
  const from = (id: string) => ({ ...message("hi"), id: `m-${id}`, author: { id, name: "Bea" } });
  render(
    <>
      <MessageItem message={from("1111111111111111")} own={false} />
      <MessageItem message={from("2222222222222222")} own={false} />
    </>,
  );
  const names = screen.getAllByText("Bea");
  expect(names.map((name) => name.getAttribute("title"))).toEqual(["Bea · #11111111", "Bea · #22222222"]);
});
