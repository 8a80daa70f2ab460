import { createMemoryPresence } from "@/lib/rooms/presence";

describe("in-process presence registry", () => {
  it("lets one member hold a name and refuses it to others, case-insensitively", async () => {
    const presence = createMemoryPresence();
    expect(await presence.claim("R1", "Ana", "m1", "c1")).toEqual({ ok: true, member: { name: "Ana" }, arrived: true });
    expect(await presence.claim("R1", "ANA", "m2", "c2")).toEqual({ ok: false, reason: "name_taken" });
    expect(await presence.claim("R2", "Ana", "m2", "c3")).toMatchObject({ ok: true, arrived: true });
  });

  it("gives the name back to the same member on another connection, keeping its spelling", async () => {
    const presence = createMemoryPresence();
    await presence.claim("R1", "Ana", "m1", "c1");
    expect(await presence.claim("R1", "ana", "m1", "c2")).toEqual({ ok: true, member: { name: "Ana" }, arrived: false });
    expect(await presence.release("R1", "c1")).toEqual({ member: { name: "Ana" }, departed: false });
    expect(await presence.members("R1")).toEqual([{ name: "Ana" }]);
    expect(await presence.release("R1", "c2")).toEqual({ member: { name: "Ana" }, departed: true });
    expect(await presence.members("R1")).toEqual([]);
  });

  it("frees the name when the member departs, and ignores unknown or repeated releases", async () => {
    const presence = createMemoryPresence();
    await presence.claim("R1", "Ana", "m1", "c1");
    await presence.claim("R1", "Bob", "m2", "c2");
    expect(await presence.members("R1")).toEqual([{ name: "Ana" }, { name: "Bob" }]);
    expect(await presence.release("R1", "c1")).toMatchObject({ departed: true });
    expect(await presence.release("R1", "c1")).toBeNull();
    expect(await presence.release("R1", "nope")).toBeNull();
    expect(await presence.release("R2", "c2")).toBeNull();
    expect(await presence.claim("R1", "Ana", "m3", "c3")).toMatchObject({ ok: true, arrived: true });
  });
});
