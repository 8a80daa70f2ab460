/**
 * The behaviour every PresenceRegistry backend must have. A backend's test file calls
 * runPresenceContract with a factory that makes a fresh, empty registry with the given caps.
 */
import type { ConnectionCaps, PresenceRegistry } from "@/lib/rooms/presence";

const at = (id: string, address = "10.0.0.1") => ({ id, address });

export function runPresenceContract(name: string, create: (caps?: ConnectionCaps) => Promise<PresenceRegistry>): void {
  describe(`PresenceRegistry contract: ${name}`, () => {
    it("lets one member hold a name and refuses it to others, case-insensitively", async () => {
      const presence = await create();
      expect(await presence.claim("R1", "Ana", "m1", at("c1"))).toEqual({ ok: true, member: { name: "Ana" }, arrived: true, resumed: false });
      expect(await presence.claim("R1", "ANA", "m2", at("c2"))).toEqual({ ok: false, reason: "name_taken" });
      expect(await presence.claim("R2", "Ana", "m2", at("c3"))).toMatchObject({ ok: true, arrived: true });
    });

    it("gives the name back to the same member on another connection, keeping its spelling", async () => {
      const presence = await create();
      await presence.claim("R1", "Ana", "m1", at("c1"));
      expect(await presence.claim("R1", "ana", "m1", at("c2"))).toEqual({ ok: true, member: { name: "Ana" }, arrived: false, resumed: false });
      expect(await presence.release("R1", "c1")).toEqual({ member: { name: "Ana" }, lastConnection: false });
      expect(await presence.release("R1", "c2")).toEqual({ member: { name: "Ana" }, lastConnection: true });
    });

    it("keeps a member without connections listed, and its name reserved, until it departs", async () => {
      const presence = await create();
      await presence.claim("R1", "Ana", "m1", at("c1"));
      await presence.release("R1", "c1");
      expect(await presence.members("R1")).toEqual([{ name: "Ana", status: "reconnecting" }]);
      expect(await presence.claim("R1", "Ana", "m2", at("c2"))).toEqual({ ok: false, reason: "name_taken" });
      // Coming back within the grace period is not an arrival: the member is present again.
      expect(await presence.claim("R1", "Ana", "m1", at("c3"))).toMatchObject({ ok: true, arrived: false, resumed: true });
      expect(await presence.members("R1")).toEqual([{ name: "Ana" }]);
      expect(await presence.depart("R1", "Ana")).toBeNull();
      await presence.release("R1", "c3");
      expect(await presence.depart("R1", "ana")).toEqual({ name: "Ana" });
      expect(await presence.depart("R1", "Ana")).toBeNull();
      expect(await presence.members("R1")).toEqual([]);
      expect(await presence.claim("R1", "Ana", "m2", at("c4"))).toMatchObject({ ok: true, arrived: true });
    });

    it("lists a member as reconnecting only once its last connection is gone", async () => {
      const presence = await create();
      await presence.claim("R1", "Ana", "m1", at("c1"));
      await presence.claim("R1", "Ana", "m1", at("c2"));
      await presence.claim("R1", "Bob", "m2", at("c3"));
      await presence.release("R1", "c1");
      expect(await presence.members("R1")).toEqual([{ name: "Ana" }, { name: "Bob" }]);
      await presence.release("R1", "c2");
      expect(await presence.members("R1")).toEqual([{ name: "Ana", status: "reconnecting" }, { name: "Bob" }]);
      // A second connection of a member already back is no resumption.
      expect(await presence.claim("R1", "Ana", "m1", at("c4"))).toMatchObject({ resumed: true });
      expect(await presence.claim("R1", "Ana", "m1", at("c5"))).toMatchObject({ resumed: false });
    });

    it("departs a member only once it has been without a connection for the time asked", async () => {
      const presence = await create();
      await presence.claim("R1", "Ana", "m1", at("c1"));
      await presence.release("R1", "c1");
      expect(await presence.depart("R1", "Ana", 60_000)).toBeNull();
      expect(await presence.members("R1")).toEqual([{ name: "Ana", status: "reconnecting" }]);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(await presence.depart("R1", "Ana", 20)).toEqual({ name: "Ana" });
    });

    it("ignores unknown or repeated releases and lists members sorted", async () => {
      const presence = await create();
      await presence.claim("R1", "Bob", "m2", at("c2"));
      await presence.claim("R1", "Ana", "m1", at("c1"));
      await presence.claim("R1", "Émile", "m3", at("c3"));
      expect(await presence.members("R1")).toEqual([{ name: "Ana" }, { name: "Bob" }, { name: "Émile" }]);
      expect(await presence.release("R1", "c1")).toMatchObject({ lastConnection: true });
      expect(await presence.release("R1", "c1")).toBeNull();
      expect(await presence.release("R1", "nope")).toBeNull();
      expect(await presence.release("R2", "c2")).toBeNull();
    });

    it("caps connections per address and per room, counting every connection, and frees a slot on release", async () => {
      const presence = await create({ perAddress: 3, perRoom: 2 });
      expect(await presence.claim("R1", "Ana", "m1", at("c1", "A"))).toMatchObject({ ok: true });
      expect(await presence.claim("R1", "Ana", "m1", at("c2", "A"))).toMatchObject({ ok: true, arrived: false });
      expect(await presence.claim("R1", "Bob", "m2", at("c3", "B"))).toEqual({ ok: false, reason: "room_full" });
      expect(await presence.claim("R2", "Cy", "m3", at("c4", "A"))).toMatchObject({ ok: true });
      expect(await presence.claim("R3", "Di", "m4", at("c5", "A"))).toEqual({ ok: false, reason: "address_full" });
      await presence.release("R1", "c1");
      expect(await presence.claim("R1", "Bob", "m2", at("c3", "B"))).toMatchObject({ ok: true });
      expect(await presence.claim("R3", "Di", "m4", at("c5", "A"))).toMatchObject({ ok: true });
    });

    it("counts nothing for a refused claim", async () => {
      const presence = await create({ perAddress: 1, perRoom: 10 });
      await presence.claim("R1", "Ana", "m1", at("c1", "A"));
      expect(await presence.claim("R1", "Ana", "m2", at("c2", "B"))).toEqual({ ok: false, reason: "name_taken" });
      expect(await presence.claim("R1", "Bob", "m2", at("c3", "B"))).toMatchObject({ ok: true });
    });

    it("lets exactly one of many simultaneous claims of one name win", async () => {
      const presence = await create();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => presence.claim("R1", i % 2 ? "ana" : "Ana", `m${i}`, at(`c${i}`))));
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.filter((result) => !result.ok && result.reason === "name_taken")).toHaveLength(19);
    });
  });
}
