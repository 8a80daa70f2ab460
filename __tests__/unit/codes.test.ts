import { generateRoomCode } from "@/lib/rooms/codes";
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH, formatRoomCode, normalizeRoomCode, RoomCodeSchema } from "@/lib/protocol";

describe("room codes", () => {
  it("carries at least 40 bits of entropy", () => {
    expect(ROOM_CODE_LENGTH * Math.log2(ROOM_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(40);
  });

  it("uses no look-alike characters", () => {
    for (const ambiguous of ["0", "O", "1", "I", "L"]) expect(ROOM_CODE_ALPHABET).not.toContain(ambiguous);
  });

  it("generates canonical codes from the alphabet only", () => {
    for (let i = 0; i < 500; i += 1) {
      const code = generateRoomCode();
      expect(code).toHaveLength(ROOM_CODE_LENGTH);
      expect(normalizeRoomCode(code)).toBe(code);
      for (const char of code) expect(ROOM_CODE_ALPHABET).toContain(char);
    }
  });

  it("spreads over the whole alphabet (no biased or constant generator)", () => {
    const seen = new Set<string>();
    const codes = new Set<string>();
    for (let i = 0; i < 2000; i += 1) {
      const code = generateRoomCode();
      codes.add(code);
      for (const char of code) seen.add(char);
    }
    expect(codes.size).toBe(2000);
    expect(seen.size).toBe(ROOM_CODE_ALPHABET.length);
  });

  it("draws each symbol from the injected random source", () => {
    const picks = [0, 1, 2, 3, 4, 5, 6, 7, 30];
    expect(generateRoomCode(() => picks.shift() ?? 0)).toBe("23456789Z");
  });

  it("accepts any case and separators, and formats in groups of three", () => {
    expect(normalizeRoomCode("abc-def-ghj")).toBe("ABCDEFGHJ");
    expect(normalizeRoomCode(" abc def ghj ")).toBe("ABCDEFGHJ");
    expect(normalizeRoomCode("ABCDEFGHJ")).toBe("ABCDEFGHJ");
    expect(formatRoomCode("ABCDEFGHJ")).toBe("ABC-DEF-GHJ");
  });

  it("refuses wrong lengths and look-alike characters", () => {
    expect(normalizeRoomCode("ABCDEFGH")).toBeNull();
    expect(normalizeRoomCode("ABCDEFGHJK")).toBeNull();
    expect(normalizeRoomCode("ABCDEFGH0")).toBeNull();
    expect(normalizeRoomCode("ABCDEFGHI")).toBeNull();
    expect(normalizeRoomCode("")).toBeNull();
    expect(RoomCodeSchema.safeParse("abc-def-gh1").success).toBe(false);
    expect(RoomCodeSchema.parse("abc-def-ghj")).toBe("ABCDEFGHJ");
  });
});
