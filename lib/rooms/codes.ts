import { randomInt } from "node:crypto";
import { ROOM_CODE_ALPHABET, ROOM_CODE_LENGTH } from "../protocol";

/** A new canonical room code from the operating system's CSPRNG (crypto.randomInt is unbiased). */
export function generateRoomCode(nextIndex: (max: number) => number = randomInt): string {
  let code = "";
  for (let i = 0; i < ROOM_CODE_LENGTH; i += 1) code += ROOM_CODE_ALPHABET[nextIndex(ROOM_CODE_ALPHABET.length)];
  return code;
}
