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
    expect(await presence.release("R1", "c1")).toEqual({ member: { name: "Ana" }, lastConnection: false });
    expect(await presence.release("R1", "c2")).toEqual({ member: { name: "Ana" }, lastConnection: true });
  });

  it("keeps a member without connections listed, and its name reserved, until it departs", async () => {
    const presence = createMemoryPresence();
    await presence.claim("R1", "Ana", "m1", "c1");
    await presence.release("R1", "c1");
    expect(await presence.members("R1")).toEqual([{ name: "Ana" }]);
    expect(await presence.claim("R1", "Ana", "m2", "c2")).toEqual({ ok: false, reason: "name_taken" });
    // Coming back within the grace period is not an arrival.
    expect(await presence.claim("R1", "Ana", "m1", "c3")).toMatchObject({ ok: true, arrived: false });
    expect(await presence.depart("R1", "Ana")).toBeNull();
    await presence.release("R1", "c3");
    expect(await presence.depart("R1", "ana")).toEqual({ name: "Ana" });
    expect(await presence.depart("R1", "Ana")).toBeNull();
    expect(await presence.members("R1")).toEqual([]);
    expect(await presence.claim("R1", "Ana", "m2", "c4")).toMatchObject({ ok: true, arrived: true });
  });

  it("ignores unknown or repeated releases and lists members sorted", async () => {
    const presence = createMemoryPresence();
    await presence.claim("R1", "Bob", "m2", "c2");
    await presence.claim("R1", "Ana", "m1", "c1");
    expect(await presence.members("R1")).toEqual([{ name: "Ana" }, { name: "Bob" }]);
    expect(await presence.release("R1", "c1")).toMatchObject({ lastConnection: true });
    expect(await presence.release("R1", "c1")).toBeNull();
    expect(await presence.release("R1", "nope")).toBeNull();
    expect(await presence.release("R2", "c2")).toBeNull();
  });
});
