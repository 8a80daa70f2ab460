import { completeMention, matchingNames, mentionQueryAt, mentionsName } from "@/lib/client/mentions";

describe("mentionsName", () => {
  test.each([
    ["hi @Ana", "Ana"],
    ["@ana, look", "Ana"],
    ["(@ANA)", "Ana"],
    ["@Ana.", "Ana"],
    ["line one\n@Ana", "Ana"],
  ])("%j mentions %s (case-insensitive, on a word boundary)", (text, name) => {
    expect(mentionsName(text, name)).toBe(true);
  });

  test.each([
    ["hi Ana", "Ana"],
    ["hi @Anabel", "Ana"],
    ["mail ana@Ana", "Ana"],
    ["@An", "Ana"],
    ["@Ana_x", "Ana"],
  ])("%j does not mention %s", (text, name) => {
    expect(mentionsName(text, name)).toBe(false);
  });

  test("a name's regex characters are taken literally", () => {
    expect(mentionsName("hey @a.b (c)", "a.b (c)")).toBe(true);
    expect(mentionsName("hey @axb (c)", "a.b (c)")).toBe(false);
    expect(mentionsName("hey @J+r", "J+r")).toBe(true);
    expect(mentionsName("hey @Jr", "J+r")).toBe(false);
    expect(mentionsName("ping @a-b[1]*", "a-b[1]*")).toBe(true);
    expect(mentionsName("ping @$x\\y", "$x\\y")).toBe(true);
  });

  test("unicode names match case-insensitively and letters of any script count as word characters", () => {
    expect(mentionsName("salut @élodie !", "Élodie")).toBe(true);
    expect(mentionsName("@ΣΩΚΡΆΤΗΣ", "σωκράτης")).toBe(true);
    expect(mentionsName("@Élodiea", "Élodie")).toBe(false);
    expect(mentionsName("こんにちは @さくら さん", "さくら")).toBe(true);
    expect(mentionsName("@さくらこ", "さくら")).toBe(false);
    expect(mentionsName("hi @Ana 🎉", "Ana")).toBe(true);
  });

  test("composed and decomposed spellings are the same name", () => {
    expect(mentionsName("hi @Jose\u0301", "Jos\u00e9")).toBe(true);
    expect(mentionsName("hi @Jos\u00e9", "Jose\u0301")).toBe(true);
  });

  test("an empty name is never mentioned", () => {
    expect(mentionsName("@ hi", "")).toBe(false);
  });
});

describe("mentionQueryAt", () => {
  test("finds the @ being typed before the caret", () => {
    expect(mentionQueryAt("hi @An", 6)).toEqual({ start: 3, query: "An" });
    expect(mentionQueryAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQueryAt("@Ana Ma", 7)).toEqual({ start: 0, query: "Ana Ma" });
  });

  test("an @ inside a word, across a line break or behind the caret is not a mention", () => {
    expect(mentionQueryAt("mail@ex", 7)).toBeNull();
    expect(mentionQueryAt("@An\nx", 5)).toBeNull();
    expect(mentionQueryAt("hi @An", 2)).toBeNull();
    expect(mentionQueryAt("no at here", 10)).toBeNull();
  });
});

describe("matchingNames", () => {
  const names = ["Ana", "Bob", "Anabel", "Joanna", "Élodie"];

  test("names starting with the query come before names containing it; your own name is left out", () => {
    expect(matchingNames(names, "an", "Bob")).toEqual(["Ana", "Anabel", "Joanna"]);
    expect(matchingNames(names, "", "Ana")).toEqual(["Bob", "Anabel", "Joanna", "Élodie"]);
    expect(matchingNames(names, "élo", "Bob")).toEqual(["Élodie"]);
    expect(matchingNames(names, "zz", "Bob")).toEqual([]);
  });

  test("keeps at most `limit` names", () => {
    expect(matchingNames(names, "", "Bob", 2)).toEqual(["Ana", "Anabel"]);
  });
});

describe("completeMention", () => {
  test("replaces the typed part with the name and a space, caret after it", () => {
    expect(completeMention("hi @An", { start: 3, query: "An" }, 6, "Anabel")).toEqual({ text: "hi @Anabel ", caret: 11 });
  });

  test("keeps the text after the caret without doubling its space", () => {
    expect(completeMention("@B see you", { start: 0, query: "B" }, 2, "Bob")).toEqual({ text: "@Bob see you", caret: 5 });
  });
});
