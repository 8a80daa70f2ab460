import {
  DisplayNameSchema,
  HistoryQuerySchema,
  JoinAuthSchema,
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
