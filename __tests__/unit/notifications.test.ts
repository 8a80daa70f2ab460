import { BODY_MAX, DEFAULT_PREFS, loadPrefs, notificationContent, savePrefs, shouldNotify, type NotifyMode } from "@/lib/client/notifications";
import { storedMessage } from "../component/messages";

const plain = storedMessage(1, "Ana", "lunch?");
const mention = storedMessage(2, "Ana", "@Bob lunch?");

function decide(patch: { visible?: boolean; mode?: NotifyMode; own?: boolean; text?: string } = {}) {
  const message = patch.text === undefined ? plain : storedMessage(3, "Ana", patch.text);
  return shouldNotify({ visible: patch.visible ?? false, mode: patch.mode ?? "all", message, own: patch.own ?? false, yourName: "Bob" });
}

describe("shouldNotify", () => {
  test("a visible tab gets no notification, whatever the mode", () => {
    for (const mode of ["all", "mentions", "off"] as const) {
      expect(shouldNotify({ visible: true, mode, message: mention, own: false, yourName: "Bob" })).toBe(false);
    }
  });

  test("all: every message from someone else", () => {
    expect(decide({ mode: "all" })).toBe(true);
    expect(decide({ mode: "all", own: true })).toBe(false);
  });

  test("mentions: only messages that mention you", () => {
    expect(decide({ mode: "mentions" })).toBe(false);
    expect(decide({ mode: "mentions", text: "@bob lunch?" })).toBe(true);
    expect(decide({ mode: "mentions", text: "@Bobby lunch?" })).toBe(false);
  });

  test("off: none", () => {
    expect(decide({ mode: "off", text: "@Bob lunch?" })).toBe(false);
  });

  test("a deleted message: none", () => {
    const deleted = storedMessage(4, "Ana", "x", { deletedAt: "2025-01-02T09:05:00.000Z" });
    expect(shouldNotify({ visible: false, mode: "all", message: deleted, own: false, yourName: "Bob" })).toBe(false);
  });
});

describe("notificationContent", () => {
  test("title is the author and the room; the body is the text on one line", () => {
    expect(notificationContent(storedMessage(1, "Ana", "one\n\n  two"), "K7Q-MXR-3TP")).toEqual({ title: "Ana · K7Q-MXR-3TP", body: "one two" });
  });

  test("a long text is cut to BODY_MAX characters, ending in an ellipsis", () => {
    const { body } = notificationContent(storedMessage(1, "Ana", "x".repeat(500)), "R");
    expect(Array.from(body)).toHaveLength(BODY_MAX);
    expect(body.endsWith("…")).toBe(true);
  });

  test("cutting never splits an emoji", () => {
    const family = "👨‍👩‍👧";
    const { body } = notificationContent(storedMessage(1, "Ana", family.repeat(150)), "R");
    expect(body).toBe(`${family.repeat(BODY_MAX - 1)}…`);
  });

  test("markup stays text: the Notification API shows it as written", () => {
    expect(notificationContent(storedMessage(1, "Ana", "<b>hi</b>"), "R").body).toBe("<b>hi</b>");
  });
});

describe("prefs", () => {
  function memoryStorage() {
    const items = new Map<string, string>();
    return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
  }

  test("are remembered per room", () => {
    const storage = memoryStorage();
    savePrefs("AAA", { mode: "mentions", sound: false }, storage);
    expect(loadPrefs("AAA", storage)).toEqual({ mode: "mentions", sound: false });
    expect(loadPrefs("BBB", storage)).toEqual(DEFAULT_PREFS);
  });

  test("unreadable or unknown values fall back to off with sound", () => {
    const storage = memoryStorage();
    storage.setItem("roomchat:notify:AAA", "{not json");
    expect(loadPrefs("AAA", storage)).toEqual({ mode: "off", sound: true });
    storage.setItem("roomchat:notify:AAA", JSON.stringify({ mode: "loud", sound: "yes" }));
    expect(loadPrefs("AAA", storage)).toEqual({ mode: "off", sound: true });
  });
});
