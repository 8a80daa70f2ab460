/**
 * Typing notices between two real app processes sharing PostgreSQL and Redis: a member on A typing is
 * seen by the members on B (through the Redis adapter) and on A, never by the typist.
 */
import type { Ack, Message, TypingNotice } from "@/lib/protocol";
import { createRoom, nextEvent, type TestSocket } from "../integration/harness";
import { twoInstances } from "./two-instances";

function record(socket: TestSocket): TypingNotice[] {
  const heard: TypingNotice[] = [];
  socket.on("member:typing", (notice) => heard.push(notice));
  return heard;
}

describe("typing notices across two instances", () => {
  const instances = twoInstances({ REDIS_INSTANCE_TIMEOUT_MS: "2000" });

  it("reach the room on both instances, and not the typist", async () => {
    const { a, b, enter } = instances;
    const code = await createRoom(a.url);
    const ana = (await enter(a, code, "Ana")).socket;
    const bob = (await enter(b, code, "Bob")).socket;
    const cy = (await enter(a, code, "Cy")).socket;
    const heard = [ana, bob, cy].map(record);

    ana.emit("typing:update", { typing: true });
    // Notices relayed before the message reach each socket before it (one path: the adapter, in order).
    const arrivals = [ana, bob, cy].map((socket) => nextEvent(socket, "message:created"));
    const ack = (await ana.emitWithAck("message:send", { text: "hi", clientId: crypto.randomUUID() })) as Ack<Message>;
    expect(ack.ok).toBe(true);
    await Promise.all(arrivals);

    expect(heard[1]).toEqual([{ name: "Ana", typing: true }]);
    expect(heard[2]).toEqual([{ name: "Ana", typing: true }]);
    expect(heard[0]).toEqual([]);
  });
});
