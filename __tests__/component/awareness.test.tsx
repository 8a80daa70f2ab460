import { act, render, renderHook, screen, within } from "@testing-library/react";
import { MessageItem } from "@/components/message-item";
import { MessageList } from "@/components/message-list";
import { useUnread } from "@/components/use-unread";
import { buildTimeline } from "@/lib/client/timeline";
import type { Message } from "@/lib/protocol";
import { storedMessage } from "./messages";

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  act(() => {
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

afterEach(() => {
  setVisibility("visible");
  document.head.innerHTML = "";
});

describe("mention highlight", () => {
  test("a message from someone else that mentions you is marked, visibly and in text", () => {
    render(<MessageItem message={storedMessage(1, "Ana", "@bob lunch?")} own={false} yourName="Bob" />);
    expect(screen.getByText("mentions you")).toBeVisible();
  });

  test("no mark for a message that does not mention you, nor for your own", () => {
    const { rerender } = render(<MessageItem message={storedMessage(1, "Ana", "@Bobby lunch?")} own={false} yourName="Bob" />);
    expect(screen.queryByText("mentions you")).toBeNull();
    rerender(<MessageItem message={storedMessage(2, "Bob", "@Bob note to self")} own yourName="Bob" />);
    expect(screen.queryByText("mentions you")).toBeNull();
  });
});

describe("New messages divider", () => {
  const messages = [storedMessage(1, "Ana", "old"), storedMessage(2, "Cleo", "new one"), storedMessage(3, "Ana", "new two")];

  test("goes right above the first unread message", () => {
    render(<MessageList entries={buildTimeline(messages, [])} isOwn={() => false} firstUnreadId={messages[1]!.id} />);
    const divider = screen.getByRole("separator", { name: "New messages" });
    const log = screen.getByRole("log");
    const text = log.textContent ?? "";
    expect(text.indexOf("New messages")).toBeGreaterThan(text.indexOf("old"));
    expect(text.indexOf("New messages")).toBeLessThan(text.indexOf("new one"));
    // One divider; the date line above the first message is a separator too, with its own name.
    expect(within(log).getAllByRole("separator", { name: "New messages" })).toEqual([divider]);
  });

  test("none without unread messages", () => {
    render(<MessageList entries={buildTimeline(messages, [])} isOwn={() => false} />);
    expect(screen.queryByRole("separator", { name: "New messages" })).toBeNull();
  });
});

describe("useUnread", () => {
  const ana = (seq: number) => storedMessage(seq, "Ana", `a${seq}`);
  const bob = (seq: number) => storedMessage(seq, "Bob", `b${seq}`);

  function mount(messages: Message[]) {
    document.head.innerHTML = '<title>K7Q-MXR-3TP · Roomchat</title><link rel="icon" href="/icon.svg?x" type="image/svg+xml">';
    return renderHook(({ held }) => useUnread(held, "id-Bob"), { initialProps: { held: messages } });
  }
  const icon = () => document.querySelector("link[rel=icon]")?.getAttribute("href");

  test("counts others' messages in the title and badges the icon while hidden; on return, marks the first", () => {
    const { result, rerender } = mount([ana(1)]);
    rerender({ held: [ana(1), ana(2)] });
    expect(document.title).toBe("K7Q-MXR-3TP · Roomchat");

    setVisibility("hidden");
    rerender({ held: [ana(1), ana(2), ana(3), bob(4), ana(5)] });
    expect(result.current.count).toBe(2);
    expect(document.title).toBe("(2) K7Q-MXR-3TP · Roomchat");
    expect(icon()).toMatch(/^data:image\/svg\+xml,/);

    setVisibility("visible");
    expect(document.title).toBe("K7Q-MXR-3TP · Roomchat");
    expect(icon()).toBe("/icon.svg?x");
    expect(result.current.firstUnreadId).toBe(ana(3).id);
  });

  test("hidden without new messages: plain title and no divider on return", () => {
    const { result } = mount([ana(1)]);
    setVisibility("hidden");
    expect(document.title).toBe("K7Q-MXR-3TP · Roomchat");
    setVisibility("visible");
    expect(result.current.firstUnreadId).toBeNull();
  });

  test("unmounting while hidden gives the title and icon back", () => {
    const { rerender, unmount } = mount([ana(1)]);
    setVisibility("hidden");
    rerender({ held: [ana(1), ana(2)] });
    expect(document.title).toBe("(1) K7Q-MXR-3TP · Roomchat");
    unmount();
    expect(document.title).toBe("K7Q-MXR-3TP · Roomchat");
    expect(icon()).toBe("/icon.svg?x");
  });
});
