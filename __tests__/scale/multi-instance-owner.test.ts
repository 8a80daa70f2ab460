/**
 * A room's owner across two real app processes sharing PostgreSQL and Redis (issue 19): the owner on
 * A kicks a member connected to B (its connection there ends with kicked, and B refuses it back),
 * locks the room (B refuses newcomers) and ends it (everyone on both instances is told).
 */
import type { Ack, ApiError, RoomState } from "@/lib/protocol";
import { join, nextEvent, presenceEvents } from "../sockets";
import { twoInstances } from "./two-instances";

async function outcome(url: string, auth: { code: string; name: string; memberToken?: string }): Promise<string> {
  try {
    const member = await join(url, auth);
    member.socket.close();
    return "joined";
  } catch (error) {
    return (error as Error).message;
  }
}

async function ownedRoom(url: string): Promise<{ code: string; ownerKey: string }> {
  const response = await fetch(`${url}/api/rooms`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(response.status).toBe(201);
  return (await response.json()) as { code: string; ownerKey: string };
}

describe("a room's owner across two instances", () => {
  // A long grace period: the kicked member's leave must be announced at once, on both instances.
  const instances = twoInstances({ REDIS_INSTANCE_TIMEOUT_MS: "2000", PRESENCE_GRACE_MS: "60000" });

  it("kicks a member on the other instance, locks the room there, and ends it everywhere", async () => {
    const { a, b, sockets } = instances;
    const { code, ownerKey } = await ownedRoom(a.url);
    const ana = await join(a.url, { code, name: "Ana", ownerKey });
    const bobToken = `token-bob-${crypto.randomUUID()}`;
    const bob = await join(b.url, { code, name: "Bob", memberToken: bobToken });
    const cy = await join(b.url, { code, name: "Cy" });
    sockets.push(ana.socket, bob.socket, cy.socket);
    expect(bob.snapshot.room.owner).toBe("Ana");
    const cyHears = presenceEvents(cy.socket);

    const bobEnded = nextEvent(bob.socket, "session:ended");
    const bobGone = new Promise<void>((resolve) => bob.socket.once("disconnect", () => resolve()));
    const cyTold = nextEvent(cy.socket, "room:updated");
    const kicked = (await ana.socket.emitWithAck("room:kick", { name: "Bob" })) as Ack<RoomState>;
    expect(kicked).toMatchObject({ ok: true, data: { kicked: ["Bob"] } });
    expect(await bobEnded).toMatchObject({ code: "kicked" });
    await bobGone;
    expect((await cyTold).action).toEqual({ kind: "kicked", by: "Ana", name: "Bob" });
    // Bob's leave reaches Cy on B without waiting out the 60 s grace period.
    await nextEvent(cy.socket, "member:left", 10_000).catch(() => undefined);
    expect(cyHears).toContain("left:Bob");
    expect(await outcome(b.url, { code, name: "Bob", memberToken: bobToken })).toBe("kicked");
    expect(await outcome(a.url, { code, name: "Bob", memberToken: bobToken })).toBe("kicked");

    const locked = (await ana.socket.emitWithAck("room:lock", { locked: true })) as Ack<RoomState>;
    expect(locked).toMatchObject({ ok: true, data: { locked: true } });
    expect(await outcome(b.url, { code, name: "Dee" })).toBe("room_locked");

    const endings = [nextEvent(ana.socket, "session:ended"), nextEvent(cy.socket, "session:ended")];
    expect(await ana.socket.emitWithAck("room:end", {})).toEqual({ ok: true, data: null });
    expect(((await Promise.all(endings)) as ApiError[]).map((reason) => reason.code)).toEqual(["room_ended", "room_ended"]);
    expect((await fetch(`${b.url}/api/rooms/${code}`)).status).toBe(404);
  });
});
