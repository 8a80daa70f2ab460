/**
 * A graceful stop, in-process: whatever the server says last (the restart notice, the acks of the writes
 * it drained) must reach the clients before it closes their connections, which drops unsent packets.
 */
import type { Ack, Message } from "@/lib/protocol";
import { nextEvent } from "../sockets";
import { startInProcess } from "./in-process";

describe("a graceful stop", () => {
  it("tells a connected member it is restarting, even with nothing in flight", async () => {
    const server = await startInProcess();
    try {
      const ana = await server.join({ code: await server.createRoom(), name: "Ana" });
      const restarting = nextEvent(ana.socket, "server:restarting", 2_000);
      await server.realtime.close(1_000);
      await expect(restarting).resolves.toBeUndefined();
    } finally {
      await server.stop();
    }
  });

  it("acknowledges the sends it drained before it disconnects", async () => {
    const server = await startInProcess();
    try {
      const ana = await server.join({ code: await server.createRoom(), name: "Ana" });
      const sends = Array.from({ length: 20 }, (_, i) =>
        ana.socket.timeout(2_000).emitWithAck("message:send", { text: `last ${i}`, clientId: crypto.randomUUID() }) as Promise<Ack<Message>>,
      );
      // Once the first is answered the rest are with the server, in flight or drained by close().
      await sends[0];
      await server.realtime.close(1_000);
      const acks = await Promise.all(sends.map((send) => send.catch((error: Error) => error.message)));
      expect(acks.filter((ack) => typeof ack === "string")).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
