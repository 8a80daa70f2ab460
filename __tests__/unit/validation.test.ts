import {
  DisplayNameSchema,
  HistoryQuerySchema,
  JoinAuthSchema,
  MARKS_PER_CHARACTER_MAX,
  MessageTextSchema,
  SendMessageSchema,
  nameKey,
  textLength,
} from "@/lib/protocol";

describe("display names", () => {
  it("trims and NFC-normalises", () => {
    expect(DisplayNameSchema.parse("  Ana  ")).toBe("Ana");
    const decomposed = "Zoe\u0301"; // "e" + combining acute
    expect(DisplayNameSchema.parse(decomposed)).toBe("Zoé");
    expect(DisplayNameSchema.parse(decomposed)).toHaveLength(3);
  });

  it("accepts 1 to 32 characters, counting an emoji once", () => {
    expect(DisplayNameSchema.safeParse("a").success).toBe(true);
    expect(DisplayNameSchema.safeParse("a".repeat(32)).success).toBe(true);
    expect(DisplayNameSchema.safeParse("😀".repeat(32)).success).toBe(true);
    expect(DisplayNameSchema.safeParse("a".repeat(33)).success).toBe(false);
    expect(textLength("😀😀")).toBe(2);
  });

  it("refuses empty names with a plain message", () => {
    const result = DisplayNameSchema.safeParse("   ");
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toBe("Enter a name.");
  });

  it.each([
    ["a bell", "a\u0007b"],
    ["a newline", "a\nb"],
    ["a tab", "a\tb"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["a right-to-left override", "a\u202Eb"],
    ["a bidi isolate", "a\u2066b"],
    ["a line separator", "a\u2028b"],
    ["a zero-width space", "A\u200Bna"],
    ["a word joiner", "A\u2060na"],
    ["a byte-order mark", "A\uFEFFna"],
    ["a soft hyphen", "A\u00ADna"],
  ])("refuses %s", (_label, name) => {
    expect(DisplayNameSchema.safeParse(name).success).toBe(false);
  });

  it.each([
    ["a Hangul filler alone", "\u3164"],
    ["Hangul fillers around a letter", "\u3164A\u3164"],
    ["the halfwidth Hangul filler", "A\uFFA0"],
    ["the Hangul choseong and jungseong fillers", "\u115F\u1160"],
    ["a braille blank alone", "\u2800"],
    ["a braille blank after a name", "Ana\u2800"],
    ["the Khmer inherent vowel", "\u17B4"],
    ["the Mongolian vowel separator", "A\u180Ena"],
  ])("refuses blank-looking characters: %s", (_label, name) => {
    const result = DisplayNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toBe("Names cannot contain blank characters.");
  });

  it.each([
    ["a combining mark alone", "\u0301"],
    ["punctuation only", "..."],
    ["a variation selector only", "\uFE0F"],
    ["an invisible operator", "A\u2062"],
    ["a combining grapheme joiner", "A\u034Fna"],
    ["an Arabic letter mark", "A\u061Cna"],
    ["a tag character outside a flag", "A\u{E0041}"],
  ])("refuses a name without a visible letter, digit or emoji, or with invisible characters: %s", (_label, name) => {
    expect(DisplayNameSchema.safeParse(name).success).toBe(false);
  });

  it("refuses lone surrogates with a plain message", () => {
    for (const name of ["Ana\uD800", "\uDC00Ana", "A\uDFFFna"]) {
      const result = DisplayNameSchema.safeParse(name);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.error.issues[0]?.message).toBe("That name has a broken character in it.");
    }
  });

  it("folds every kind of space to one ordinary space", () => {
    expect(DisplayNameSchema.parse("A\u00A0na")).toBe("A na");
    expect(DisplayNameSchema.parse("Ana\u2009\u3000Maria\u202F")).toBe("Ana Maria");
  });

  it(`caps combining marks at ${MARKS_PER_CHARACTER_MAX} on one character`, () => {
    expect(DisplayNameSchema.safeParse(`q${"\u0334".repeat(MARKS_PER_CHARACTER_MAX)}`).success).toBe(true);
    const zalgo = DisplayNameSchema.safeParse(`q${"\u0334".repeat(MARKS_PER_CHARACTER_MAX + 1)}`);
    expect(zalgo.success).toBe(false);
    if (!zalgo.success) expect(zalgo.error.issues[0]?.message).toMatch(/at most 16 accents on one character/);
  });

  it.each([
    "Zoë", "José", "李小龍", "Ольга", "O'Brien", "Nguyễn Thị Minh Khai", "שָּׁ֑לוֹם", "ཧྐྵྨླྺྼྻྂ", "क्ष्म्य", "محمد",
    "👩\u200D💻", "👨\u200D👩\u200D👧\u200D👦", "🏳️\u200D⚧️", "1️⃣", "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}", "😀",
    "می\u200Cخواهم", "Ana Maria",
  ])("accepts %j", (name) => {
    expect(DisplayNameSchema.safeParse(name).success).toBe(true);
  });

  it("refuses non-strings", () => {
    for (const value of [undefined, null, 42, {}, ["Ana"]]) expect(DisplayNameSchema.safeParse(value).success).toBe(false);
  });

  it("compares names case-insensitively after normalisation", () => {
    expect(nameKey("ANA")).toBe(nameKey("ana"));
    expect(nameKey("Zoé")).toBe(nameKey("ZOE\u0301"));
    expect(nameKey("Ana")).not.toBe(nameKey("Anna"));
    // Invisible joiners are allowed (emoji need them) but do not make a look-alike name distinct.
    expect(DisplayNameSchema.safeParse("👩\u200D💻 Dev").success).toBe(true);
    expect(nameKey("A\u200Dna")).toBe(nameKey("Ana"));
    expect(nameKey("A\u200Cna")).toBe(nameKey("ana"));
  });
});

describe("messages", () => {
  it("trims, keeps inner newlines and normalises line endings", () => {
    expect(MessageTextSchema.parse("  line one\r\nline two\n ")).toBe("line one\nline two");
  });

  it("accepts 1 to 4000 characters after trimming", () => {
    expect(MessageTextSchema.safeParse("x").success).toBe(true);
    expect(MessageTextSchema.safeParse(` ${"x".repeat(4000)} `).success).toBe(true);
    expect(MessageTextSchema.safeParse("x".repeat(4001)).success).toBe(false);
    expect(MessageTextSchema.safeParse(" \n\t ").success).toBe(false);
  });

  it("refuses control characters other than newline and tab", () => {
    expect(MessageTextSchema.safeParse("tab\tok").success).toBe(true);
    expect(MessageTextSchema.safeParse("nul\u0000").success).toBe(false);
    expect(MessageTextSchema.safeParse("esc\u001b[31m").success).toBe(false);
  });

  it.each([
    ["a C1 control (NEL)", "next\u0085line"],
    ["a C1 control (CSI)", "\u009B31m red"],
    ["the first C1 control", "a\u0080b"],
    ["the last C1 control", "a\u009Fb"],
  ])("refuses %s with a plain message", (_label, text) => {
    const result = MessageTextSchema.safeParse(text);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toBe("Messages cannot contain control characters.");
  });

  it.each([
    ["a lone high surrogate", "broken \uD83D"],
    ["a lone low surrogate", "\uDE00 broken"],
    ["reversed surrogates", "x\uDE00\uD83Dx"],
  ])("refuses %s, which could not be stored as sent", (_label, text) => {
    const result = MessageTextSchema.safeParse(text);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.message).toMatch(/broken character/);
    expect(MessageTextSchema.safeParse("paired \uD83D\uDE00 is fine").success).toBe(true);
  });

  it("refuses a character with thousands of combining marks, but not many marks spread over characters", () => {
    expect(MessageTextSchema.safeParse(`a${"\u0300".repeat(4000)}`).success).toBe(false);
    // The marks need not be in a row: a non-mark extender between them keeps them on one character.
    expect(MessageTextSchema.safeParse(`q${"\u0300\u200C".repeat(MARKS_PER_CHARACTER_MAX + 1)}`).success).toBe(false);
    expect(MessageTextSchema.safeParse("é".normalize("NFD").repeat(2000)).success).toBe(true);
    expect(MessageTextSchema.safeParse("Tiếng Việt, עִבְרִית, ཧྐྵྨླྺྼྻྂ, 1️⃣ 👨\u200D👩\u200D👧").success).toBe(true);
  });

  it("keeps markup as plain text: validation does not strip or escape it", () => {
    expect(MessageTextSchema.parse("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
  });

  it("needs a UUID clientId and nothing else", () => {
    const clientId = "0b7f6c1e-8a43-4c61-9b8e-3f1f4a1e2d3c";
    expect(SendMessageSchema.safeParse({ text: "hi", clientId }).success).toBe(true);
    expect(SendMessageSchema.safeParse({ text: "hi" }).success).toBe(false);
    expect(SendMessageSchema.safeParse({ text: "hi", clientId: "123" }).success).toBe(false);
    expect(SendMessageSchema.safeParse({ text: "hi", clientId, author: { name: "x" } }).success).toBe(false);
    expect(SendMessageSchema.safeParse("hi").success).toBe(false);
  });
});

describe("join requests and history queries", () => {
  it("normalises the code and name of a join", () => {
    const parsed = JoinAuthSchema.parse({ code: "abc-def-ghj", name: " Ana ", memberToken: "a".repeat(24) });
    expect(parsed).toEqual({ code: "ABCDEFGHJ", name: "Ana", memberToken: "a".repeat(24) });
  });

  it("refuses short or odd member tokens", () => {
    expect(JoinAuthSchema.safeParse({ code: "ABCDEFGHJ", name: "Ana", memberToken: "short" }).success).toBe(false);
    expect(JoinAuthSchema.safeParse({ code: "ABCDEFGHJ", name: "Ana", memberToken: "<".repeat(20) }).success).toBe(false);
  });

  it("defaults and bounds the history page size", () => {
    expect(HistoryQuerySchema.parse({})).toEqual({ limit: 50 });
    expect(HistoryQuerySchema.parse({ limit: "100", before: "7" })).toEqual({ limit: 100, before: 7 });
    expect(HistoryQuerySchema.safeParse({ limit: "101" }).success).toBe(false);
    expect(HistoryQuerySchema.safeParse({ before: "0" }).success).toBe(false);
  });
});
