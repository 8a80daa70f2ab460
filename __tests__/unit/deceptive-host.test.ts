/** Which link hosts are shown in punycode (components/deceptive-host.ts), and its punycode decoder. */
import { domainToASCII, domainToUnicode } from "node:url";
import { decodePunycode, isDeceptiveHost } from "@/components/deceptive-host";

/** The host as the URL parser hands it over: lower case, punycode. */
const host = (unicode: string) => domainToASCII(unicode);

describe("decodePunycode", () => {
  it.each(["bücher", "пример", "例え", "аррӏе", "ü-ber", "Ꭺ", "한국어", "ελληνικά", "a-b-c-ä"])(
    "decodes %j as Node's domainToUnicode does",
    (label) => {
      const ascii = host(label);
      expect(ascii.startsWith("xn--")).toBe(true);
      expect(decodePunycode(ascii.slice(4))).toBe(domainToUnicode(ascii));
    },
  );

  it.each(["-", "abc!", "z", "ü", "99999999999"])("refuses the invalid input %j", (input) => {
    expect(decodePunycode(input)).toBeNull();
  });
});

describe("isDeceptiveHost", () => {
  it.each([
    ["a Cyrillic а in a Latin label", "аpple.com"],
    ["an all-Cyrillic look-alike under .com", "аррӏе.com"],
    ["a Greek ο in a Latin label", "gοοgle.com"],
    ["a Cherokee letter in a Latin label", "Ꭺpple.com"],
    ["a Cyrillic label under a Greek one", "пример.ελ"],
    ["Latin under a Cyrillic top-level domain", "paypal.рф"],
    ["Hangul with kana", "한국テスト.jp"],
    ["an emoji", "i❤.ws"],
  ])("is true for %s", (_label, name) => {
    expect(isDeceptiveHost(host(name))).toBe(true);
  });

  it.each([
    ["plain ASCII", "example.com"],
    ["ASCII with digits and hyphens", "a-1.example-2.org"],
    ["German", "bücher.de"],
    ["Russian under .рф", "пример.рф"],
    ["Japanese with kana, kanji and the prolonged sound mark", "テスト例え.jp"],
    ["Chinese", "中文.中国"],
    ["Korean", "한국.kr"],
    ["Greek", "ελληνικά.ελ"],
    ["Hindi", "भारत.भारत"],
  ])("is false for %s", (_label, name) => {
    expect(isDeceptiveHost(host(name))).toBe(false);
  });

  it("is true for an invalid punycode label, which cannot be checked", () => {
    expect(isDeceptiveHost("xn--99999999999.com")).toBe(true);
  });
});
