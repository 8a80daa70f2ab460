/**
 * Issue 15's Unicode findings against the realtime layer in-process: look-alike and blank names, ill-formed text and
 * overloaded characters. What the server acknowledges must be exactly what it stores and serves.
 */
import type { Ack, ApiError, Message } from "@/lib/protocol";
import type { TestSocket } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const send = (socket: TestSocket, text: string) =>
  socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() }) as Promise<Ack<Message>>;

/** The code a join is refused with (Socket.IO's connect_error carries it as its message), or "joined". */
async function joinOutcome(server: InProcessServer, code: string, name: string): Promise<string> {
  try {
    await server.join({ code, name });
    return "joined";
  } catch (error) {
    return (error as Error).message;
  }
}

describe("names and text (in-process server)", () => {
  let server: InProcessServer;

  beforeAll(async () => {
    server = await startInProcess();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("refuses every look-alike of a present name with name_taken, and blank names with invalid_name", async () => {
    const code = await server.createRoom();
    expect(await joinOutcome(server, code, "Ana")).toBe("joined");

    const lookAlikes = {
      "Cyrillic А": "\u0410na",
      "full width": "\uFF21\uFF4E\uFF41",
      "mathematical bold": "\u{1D400}\u{1D427}\u{1D41A}",
      "no-break space": "A\u00A0na",
      "Greek capitals": "\u0391\u039D\u0391",
      "upper case": "ANA",
    };
    const outcomes = Object.fromEntries(
      await Promise.all(Object.entries(lookAlikes).map(async ([label, name]) => [label, await joinOutcome(server, code, name)])),
    );
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(lookAlikes).map((label) => [label, "name_taken"])));

    // Blank-looking characters are refused outright, alone or after a real name.
    const blanks = { "Hangul filler": "\u3164", "braille blank": "\u2800", "Ana and a braille blank": "Ana\u2800", "fillers only": "\u115F\u1160\uFFA0" };
    const blankOutcomes = Object.fromEntries(
      await Promise.all(Object.entries(blanks).map(async ([label, name]) => [label, await joinOutcome(server, code, name)])),
    );
    expect(blankOutcomes).toEqual(Object.fromEntries(Object.keys(blanks).map((label) => [label, "invalid_name"])));

    // Names that differ to a reader still join.
    for (const name of ["Anna", "Zoë", "Ольга", "👩\u200D💻"]) expect(await joinOutcome(server, code, name)).toBe("joined");
  });

  it("refuses lone surrogates, C1 controls and overloaded characters with invalid_payload, and stores only what it acknowledged", async () => {
    const code = await server.createRoom();
    const ana = await server.join({ code, name: "Ana" });

    const refused: Record<string, ApiError | null> = {};
    const texts = {
      "lone high surrogate": "broken \uD83D here",
      "lone low surrogate": "\uDE00",
      "C1 control (NEL)": "line\u0085break",
      "C1 control (CSI)": "\u009B31m red",
      "4000 combining marks": `a${"\u0300".repeat(4000)}`,
    };
    for (const [label, text] of Object.entries(texts)) {
      const ack = await send(ana.socket, text);
      refused[label] = ack.ok ? null : ack.error;
    }
    for (const [label, error] of Object.entries(refused)) {
      expect([label, error?.code]).toEqual([label, "invalid_payload"]);
      expect(error?.message).not.toBe("");
    }

    const kept = "ok \uD83D\uDE00 Tiếng Việt";
    const ack = await send(ana.socket, kept);
    expect(ack).toMatchObject({ ok: true, data: { text: kept } });
    expect((await server.storedHistory(code)).map((message) => message.text)).toEqual([kept]);
  });
});
