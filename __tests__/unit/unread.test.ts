import { BADGED_ICON, baseTitle, unreadMessages, unreadTitle } from "@/lib/client/unread";
import { storedMessage } from "../component/messages";

describe("unreadTitle", () => {
  test("puts the count in front of the room's title", () => {
    expect(unreadTitle("K7Q-MXR-3TP · Roomchat", 3)).toBe("(3) K7Q-MXR-3TP · Roomchat");
  });

  test("replaces an earlier count rather than adding one", () => {
    expect(unreadTitle("(3) K7Q-MXR-3TP · Roomchat", 4)).toBe("(4) K7Q-MXR-3TP · Roomchat");
  });

  test("no unread messages: the plain title", () => {
    expect(unreadTitle("(3) K7Q-MXR-3TP · Roomchat", 0)).toBe("K7Q-MXR-3TP · Roomchat");
    expect(baseTitle("(99+) K7Q-MXR-3TP · Roomchat")).toBe("K7Q-MXR-3TP · Roomchat");
  });

  test("a count over 99 shows as 99+", () => {
    expect(unreadTitle("Room", 100)).toBe("(99+) Room");
    expect(unreadTitle("Room", 99)).toBe("(99) Room");
  });

  test("a title that merely starts with brackets is left alone", () => {
    expect(baseTitle("(draft) notes")).toBe("(draft) notes");
  });
});

describe("unreadMessages", () => {
  const messages = [
    storedMessage(1, "Ana", "before"),
    storedMessage(2, "Bob", "mine"),
    storedMessage(3, "Ana", "one"),
    storedMessage(4, "Bob", "mine too"),
    storedMessage(5, "Cleo", "gone", { deletedAt: "2025-01-02T09:06:00.000Z" }),
    storedMessage(6, "Cleo", "two"),
  ];

  test("counts the messages after the mark written by others, oldest first", () => {
    expect(unreadMessages(messages, 2, "id-Bob").map((message) => message.text)).toEqual(["one", "two"]);
  });

  test("nothing after the mark: none", () => {
    expect(unreadMessages(messages, 6, "id-Bob")).toEqual([]);
  });

  test("before you are known (no id), every other message counts", () => {
    expect(unreadMessages(messages, 3, null).map((message) => message.seq)).toEqual([4, 6]);
  });
});

test("the badged icon is an inline SVG with the badge drawn on the app icon", () => {
  expect(BADGED_ICON.startsWith("data:image/svg+xml,")).toBe(true);
  const svg = decodeURIComponent(BADGED_ICON.slice("data:image/svg+xml,".length));
  expect(svg).toContain('fill="#4f46e5"');
  expect(svg).toContain("<circle");
});
