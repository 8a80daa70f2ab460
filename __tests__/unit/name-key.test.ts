/** The server's name key: one key for names that read alike, distinct keys for names that do not. */
import { nameKey } from "@/lib/rooms/name-key";
import { DisplayNameSchema } from "@/lib/protocol";

describe("names that read as \"Ana\" share its key", () => {
  it.each([
    ["upper case", "ANA"],
    ["a Cyrillic А", "\u0410na"],
    ["a Cyrillic а at the end", "An\u0430"],
    ["full-width letters", "\uFF21\uFF4E\uFF41"],
    ["mathematical bold letters", "\u{1D400}\u{1D427}\u{1D41A}"],
    ["mathematical fraktur letters", "\u{1D56C}\u{1D593}\u{1D586}"],
    ["Greek capitals", "\u0391\u039D\u0391"],
    ["a Cherokee Ꭺ", "\u13AAna"],
    ["a Lisu ꓮ", "\uA4EEna"],
    ["a Latin alpha ɑ", "\u0251na"],
    ["a circled ⓐ", "\u24D0na"],
    ["a no-break space inside", "A\u00A0na"],
    ["a thin space inside", "A\u2009na"],
    ["a braille blank after", "Ana\u2800"],
    ["a Hangul filler after", "Ana\u3164"],
    ["a zero-width joiner inside", "A\u200Dna"],
    ["a soft hyphen inside", "A\u00ADna"],
    ["decomposed and composed alike", "Ana".normalize("NFD")],
  ])("%s", (_label, lookAlike) => {
    expect(nameKey(lookAlike)).toBe(nameKey("Ana"));
  });
});

describe("other look-alikes", () => {
  it.each([
    ["Zoë", "Zo\u0451"], // Cyrillic ё
    ["Zoë", "ZOË"],
    ["paypal", "\u0440aypal"], // Cyrillic р
    ["Olive", "0live"], // digit zero
    ["Al", "AI"], // capital I reads as a small L
    ["Sam", "Sarn"], // "rn" reads as "m"
    ["O'Brien", "O\u2019Brien"],
    ["Straße", "STRASSE"],
    ["IX", "\u2168"], // Roman numeral nine
    ["👩‍💻", "👩💻"], // the joiner is invisible
  ])("%s and %j", (name, lookAlike) => {
    expect(nameKey(lookAlike)).toBe(nameKey(name));
  });
});

describe("names that differ to a reader keep distinct keys", () => {
  it.each([
    ["Ana", "Anna"],
    ["Ana", "Ava"],
    ["Ana", "Ann"],
    ["Zoë", "Zoe"],
    ["José", "Jose"],
    ["李小龍", "李小龙"],
    ["Ольга", "Олег"],
    ["O'Brien", "OBrien"],
    ["👩‍💻", "👨‍💻"],
    ["Ana 1", "Ana 2"],
  ])("%s and %s", (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });
});

describe("the key", () => {
  it("is the same on every call and for every spelling the name schema accepts", () => {
    for (const name of ["Zoë", "José", "李小龍", "Ольга", "O'Brien", "👨‍👩‍👧‍👦 Family"]) {
      expect(nameKey(name)).toBe(nameKey(name));
      expect(nameKey(DisplayNameSchema.parse(` ${name.normalize("NFD")} `))).toBe(nameKey(name));
    }
  });

  it("keeps names in other scripts whole", () => {
    expect(nameKey("李小龍")).toBe("李小龍");
    expect(nameKey("Ольга")).toHaveLength(5);
  });
});
