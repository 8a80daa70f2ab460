import { createMemberState, nextChange, observe, settle, verify, type Change } from "../../bench/load/change-member";
import { parseOptions, type Options } from "../../bench/options";
import { createMessageBook } from "../../bench/reference-book";
import { worst } from "../../bench/scenarios/change-figures";
import type { Message } from "../../lib/protocol";

function message(id: string, author: string, changes: Partial<Message> = {}): Message {
  return {
    id,
    seq: Number(id.replace(/\D/g, "")) || 1,
    roomCode: "ROOM",
    clientId: `client-${id}`,
    author: { id: `id-${author}`, name: author },
    text: `text of ${id}`,
    createdAt: "2026-12-07T12:00:00.000Z",
    version: 0,
    editedAt: null,
    deletedAt: null,
    replyTo: null,
    reactions: [],
    ...changes,
  };
}

/** A random source that plays back the given draws, then repeats the last. */
const draws = (...values: number[]) => () => values.shift() ?? 0;

describe("bench changes: a member's view", () => {
  it("keeps the highest version of each message and counts an update older than its copy", () => {
    const state = createMemberState("ana");
    observe(state, message("m1", "bo", { version: 3, text: "third" }));
    observe(state, message("m1", "bo", { version: 2, text: "second" }));
    observe(state, message("m1", "bo", { version: 5, text: "fifth" }));
    expect(state.view.get("m1")?.text).toBe("fifth");
    expect(state.outOfOrder).toBe(1);
  });
});

describe("bench changes: the next change", () => {
  it("edits one of the member's own messages, or toggles a reaction on another member's", () => {
    const state = createMemberState("ana");
    observe(state, message("m1", "ana"));
    observe(state, message("m2", "bo"));
    const edit = nextChange(state, draws(0, 0));
    expect(edit).toEqual({ key: "edit m1", event: "message:edit", input: { id: "m1", text: "edit 1 by ana" } });
    const react = nextChange(state, draws(0.9, 0, 0));
    expect(react).toEqual({ key: "react m2 👍", event: "reaction:add", input: { messageId: "m2", emoji: "👍" } });
    settle(state, react!, { ok: true, data: message("m2", "bo", { version: 1, reactions: [{ emoji: "👍", names: ["ana"] }] }) });
    expect(nextChange(state, draws(0.9, 0, 0))?.event).toBe("reaction:remove");
  });

  it("never picks a key with a request in flight, nor a deleted message", () => {
    const state = createMemberState("ana");
    observe(state, message("m1", "ana"));
    observe(state, message("m2", "bo", { deletedAt: "2026-12-07T12:00:01.000Z", text: "" }));
    state.busy.add("edit m1");
    expect(nextChange(state, draws(0))).toBeNull();
  });
});

describe("bench changes: verifying a member against the server", () => {
  const edit: Change = { key: "edit m1", event: "message:edit", input: { id: "m1", text: "fixed" } };
  const add: Change = { key: "react m2 🎉", event: "reaction:add", input: { messageId: "m2", emoji: "🎉" } };

  it("finds nothing when the member holds what the server holds and its last acked changes are there", () => {
    const state = createMemberState("ana");
    const m1 = message("m1", "ana", { version: 1, text: "fixed", editedAt: "2026-12-07T12:00:01.000Z" });
    const m2 = message("m2", "bo", { version: 2, reactions: [{ emoji: "🎉", names: ["ana"] }] });
    [m1, m2].forEach((m) => observe(state, m));
    settle(state, edit, { ok: true, data: m1 });
    settle(state, add, { ok: true, data: m2 });
    expect(verify(state, new Map([["m1", m1], ["m2", m2]]))).toEqual({ stale: 0, missing: 0, extra: 0, checked: 2, lost: 0, example: null });
  });

  it("counts a stale copy, a missing and an extra message, and an acked change the server does not show", () => {
    const state = createMemberState("ana");
    observe(state, message("m1", "ana", { version: 1, text: "fixed" }));
    observe(state, message("m9", "bo"));
    settle(state, edit, { ok: true, data: message("m1", "ana", { version: 1, text: "fixed" }) });
    settle(state, add, { ok: true, data: message("m2", "bo", { version: 2, reactions: [{ emoji: "🎉", names: ["ana"] }] }) });
    const truth = new Map([
      ["m1", message("m1", "ana", { version: 1, text: "typo" })],
      ["m2", message("m2", "bo", { version: 2 })],
    ]);
    const verdict = verify(state, truth);
    expect(verdict).toMatchObject({ stale: 1, missing: 1, extra: 1, checked: 2, lost: 2 });
    expect(verdict.example).toMatch(/^ana: holds .*"fixed".* the server .*"typo"/);
  });

  it("does not check a key whose request timed out, nor count a refused change as expected", () => {
    const state = createMemberState("ana");
    settle(state, edit, "timeout");
    settle(state, add, { ok: false, error: { code: "rate_limited", message: "Slow down." } });
    expect(verify(state, new Map()).checked).toBe(0);
  });
});

describe("bench changes: the reference's messages", () => {
  it("applies edits, reactions and deletions with a room-wide change number, and refuses what the app refuses", () => {
    const book = createMessageBook();
    book.add(message("m1", "ana", { roomCode: "R" }));
    book.add(message("m2", "bo", { roomCode: "R" }));
    expect(book.edit("R", "bo", "m1", "x")).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(book.edit("R", "ana", "m1", "fixed")).toMatchObject({ ok: true, data: { text: "fixed", version: 1 } });
    expect(book.react("R", "bo", "m1", "👍", true)).toMatchObject({ data: { version: 2, reactions: [{ emoji: "👍", names: ["bo"] }] } });
    expect(book.react("R", "ana", "m1", "👍", true)).toMatchObject({ data: { version: 3, reactions: [{ emoji: "👍", names: ["ana", "bo"] }] } });
    // A retry changes nothing: no new change number.
    expect(book.react("R", "ana", "m1", "👍", true)).toMatchObject({ data: { version: 3, reactions: [{ emoji: "👍", names: ["ana", "bo"] }] } });
    expect(book.react("R", "ana", "m1", "👍", false)).toMatchObject({ data: { version: 4, reactions: [{ emoji: "👍", names: ["bo"] }] } });
    expect(book.react("R", "bo", "m1", "👍", false)).toMatchObject({ data: { version: 5, reactions: [] } });
    expect(book.react("R", "bo", "m2", "🔥", true)).toMatchObject({ data: { version: 6 } });
    expect(book.remove("R", "bo", "m2")).toMatchObject({ data: { text: "", reactions: [], version: 7 } });
    expect(book.remove("R", "bo", "m2")).toMatchObject({ ok: true, data: { version: 7 } });
    expect(book.edit("R", "bo", "m2", "again")).toMatchObject({ ok: false, error: { code: "message_not_found" } });
    expect(book.edit("OTHER", "ana", "m1", "x")).toMatchObject({ ok: false, error: { code: "message_not_found" } });
    expect(book.lastChange("R")).toBe(7);
    expect(book.page("R", 1)).toMatchObject({ messages: [{ id: "m2" }], hasOlder: true });
    expect(book.page("R", 100, 2)).toMatchObject({ messages: [{ id: "m1", text: "fixed" }], hasOlder: false });
  });
});

describe("bench changes: options and figures", () => {
  it("is a scenario of the full run, sized for busy rooms, smaller with --quick", () => {
    const full = parseOptions([]) as Options;
    expect(full.scenarios).toContain("changes");
    expect(full.params.changes).toMatchObject({ rooms: 20, members: 10, durationS: 10 });
    expect((parseOptions(["--quick", "--scenario", "changes"]) as Options).params.changes).toMatchObject({ rooms: 5, members: 5 });
  });

  it("takes the worst of the rounds' checks, so that one bad round is not hidden by a later good one", () => {
    const check = { clients: 10, converged: 10, stale: 0, missing: 0, extra: 0, checked: 40, lost: 0, outOfOrder: 0, examples: [] };
    expect(worst([{ ...check, converged: 8, stale: 3, lost: 1 }, { ...check, checked: 55 }])).toEqual({ checked: 55, lost: 1, diverged: 2, differingCopies: 3, outOfOrder: 0 });
  });
});
