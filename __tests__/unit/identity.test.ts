import { createHash } from "node:crypto";
import { authorIdFor, memberIdFromToken } from "@/lib/identity";

/** The definition, computed afresh: what the remembered ids must always equal. */
const expected = (roomCode: string, memberId: string) => createHash("sha256").update(`author\n${roomCode}\n${memberId}`).digest("hex").slice(0, 16);

describe("author ids", () => {
  it("are the hash of room and member, the same on every call, and differ between rooms and members", () => {
    const member = memberIdFromToken("token-a");
    expect(authorIdFor("ROOM1ROOM", member)).toBe(expected("ROOM1ROOM", member));
    expect(authorIdFor("ROOM1ROOM", member)).toBe(authorIdFor("ROOM1ROOM", member));
    expect(authorIdFor("ROOM2ROOM", member)).not.toBe(authorIdFor("ROOM1ROOM", member));
    expect(authorIdFor("ROOM1ROOM", memberIdFromToken("token-b"))).not.toBe(authorIdFor("ROOM1ROOM", member));
  });

  it("stay right past the bound on remembered ids, when the memory is dropped and refilled", () => {
    const members = Array.from({ length: 25_000 }, (_, i) => memberIdFromToken(`token-${i}`));
    const first = members.map((member) => authorIdFor("BOUNDROOM", member));
    // A second pass reads ids computed after one or more drops of the map, and some remembered since.
    const second = members.map((member) => authorIdFor("BOUNDROOM", member));
    expect(second).toEqual(first);
    expect(first.every((id, i) => id === expected("BOUNDROOM", members[i]!))).toBe(true);
    expect(new Set(first).size).toBe(members.length);
  });
});
