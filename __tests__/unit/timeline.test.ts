import { buildTimeline, mergeMessages, type Notice } from "@/lib/client/timeline";
import { storedMessage } from "../fixtures";

const msg = (seq: number, id = `id-${seq}`) => storedMessage(seq, { id });

describe("mergeMessages", () => {
  it("keeps one copy per id in seq order whatever the arrival order", () => {
    const merged = mergeMessages([msg(1), msg(3)], [msg(2), msg(3), msg(1), msg(5), msg(4)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("returns the same array when nothing is new, so React can skip a render", () => {
    const current = [msg(1), msg(2)];
    expect(mergeMessages(current, [msg(2)])).toBe(current);
    expect(mergeMessages(current, [])).toBe(current);
  });
});

describe("buildTimeline", () => {
  const notice = (id: string, afterSeq: number): Notice => ({ id, text: id, afterSeq, at: "2026-01-01T00:00:00.000Z" });

  it("places notices after the message that was last when they happened", () => {
    const entries = buildTimeline([msg(1), msg(2), msg(3)], [notice("before-any", 0), notice("after-2", 2), notice("end", 3)]);
    expect(entries.map((e) => e.key)).toEqual(["n:before-any", "m:id-1", "m:id-2", "n:after-2", "m:id-3", "n:end"]);
  });

  it("keeps notices in place when older history is loaded above them", () => {
    const entries = buildTimeline([msg(8), msg(9), msg(10)], [notice("joined", 10)]);
    expect(entries.map((e) => e.key)).toEqual(["m:id-8", "m:id-9", "m:id-10", "n:joined"]);
  });
});
