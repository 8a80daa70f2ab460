import { render, screen } from "@testing-library/react";
import { LinkifiedText, splitLinks } from "@/components/linkified-text";

function renderText(text: string) {
  const { container } = render(
    <p className="whitespace-pre-wrap">
      <LinkifiedText text={text} />
    </p>,
  );
  return container.querySelector("p") as HTMLParagraphElement;
}

test("an https address becomes a link that opens in a new tab without handing over the page", () => {
  renderText("docs at https://example.com/guide?x=1#top today");

  const link = screen.getByRole("link", { name: "https://example.com/guide?x=1#top" });
  expect(link).toHaveAttribute("href", "https://example.com/guide?x=1#top");
  expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  expect(link).toHaveAttribute("target", "_blank");
  expect(link.className).toMatch(/underline/);
  expect(link.className).toMatch(/break-all/);
});

test("an http address in any letter case becomes a link to the parsed address", () => {
  renderText("HTTP://Example.COM/Path");
  expect(screen.getByRole("link")).toHaveAttribute("href", "http://example.com/Path");
});

test.each([
  "javascript:alert(1)",
  "JAVASCRIPT:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "vbscript:msgbox(1)",
  "file:///etc/passwd",
  "data:text/html,<script>alert(1)</script>",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  '<a href="javascript:alert(1)">x</a>',
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "<script>alert(1)</script>",
  "https:alert(1)",
  "https://",
  "http://[::1",
  "xhttps://example.com",
])("%j stays literal text, with no element made from it", (text) => {
  const body = renderText(text);
  expect(body.textContent).toBe(text);
  expect(body.querySelector("*")).toBeNull();
});

test("markup around a real address stays text; only the address is linked", () => {
  const text = '<a href="javascript:alert(1)">https://example.com</a>';
  const body = renderText(text);
  expect(body.textContent).toBe(text);
  expect(body.querySelectorAll("a")).toHaveLength(1);
  expect(screen.getByRole("link")).toHaveAttribute("href", "https://example.com/");
  expect(body.querySelector("img, script, svg, b")).toBeNull();
});

test("an address ends where markup starts, and the markup shows literally", () => {
  const text = "https://example.com/?q=<script>";
  const body = renderText(text);
  const link = screen.getByRole("link");
  expect(link.textContent).toBe("https://example.com/?q=");
  expect(link).toHaveAttribute("href", "https://example.com/?q=");
  expect(body.textContent).toBe(text);
  expect(body.querySelector("script")).toBeNull();
});

test("characters the address parser encodes are shown as typed and encoded in the href", () => {
  renderText("https://example.com/über/{x}");
  const link = screen.getByRole("link");
  expect(link.textContent).toBe("https://example.com/über/{x}");
  expect(link).toHaveAttribute("href", "https://example.com/%C3%BCber/%7Bx%7D");
});

test.each([
  ["see https://example.com.", "https://example.com"],
  ["https://example.com/a, and more", "https://example.com/a"],
  ["(https://example.com/a)", "https://example.com/a"],
  ["wow https://example.com!", "https://example.com"],
  ["really https://example.com/?", "https://example.com/"],
  ["end https://example.com/x?!).", "https://example.com/x"],
  ["<https://example.com>", "https://example.com"],
  ['"https://example.com"', "https://example.com"],
  ["https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"],
  ["(see https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"],
  ["https://example.com/?q=a.b", "https://example.com/?q=a.b"],
])("in %j the link is %j, punctuation after it stays outside", (text, linked) => {
  const body = renderText(text);
  expect(screen.getByRole("link").textContent).toBe(linked);
  expect(body.textContent).toBe(text);
});

test("text around and between links is kept exactly, spaces and line breaks included", () => {
  const text = "  first: https://a.example/1\n\tsecond:https://b.example/2 , done  \n";
  const body = renderText(text);
  expect(body.textContent).toBe(text);
  expect(screen.getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual(["https://a.example/1", "https://b.example/2"]);
});

test("an address ends at a bidi control, so it cannot display as something other than what it is", () => {
  const text = "https://example.com/\u202Egpj.exe";
  const body = renderText(text);
  expect(screen.getByRole("link").textContent).toBe("https://example.com/");
  expect(body.textContent).toBe(text);
});

test("an address with a user name stays text: it would read as one site and lead to another", () => {
  const text = "https://bank.example@evil.example/login";
  const body = renderText(text);
  expect(body.querySelector("a")).toBeNull();
  expect(body.textContent).toBe(text);
});

test("the parts always join back into the original text", () => {
  const samples = ["", "plain", "https://x.example", "a https://x.example b https://y.example/(c)) d.", "https://\u200B", "🙂 https://例え.jp/パス 🙂"];
  for (const text of samples) {
    expect(
      splitLinks(text)
        .map((part) => part.text)
        .join(""),
    ).toBe(text);
  }
  expect(splitLinks("🙂 https://例え.jp/パス 🙂")).toContainEqual({
    kind: "link",
    text: "https://例え.jp/パス",
    href: "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9",
    label: "https://例え.jp/パス",
  });
});

test.each([
  ["a Cyrillic а in a Latin label", "https://\u0430pple.com/login", "https://xn--pple-43d.com/login"],
  ["an all-Cyrillic look-alike label under .com", "https://\u0430\u0440\u0440\u04CF\u0435.com", "https://xn--80ak6aa92e.com/"],
  ["a Greek ο in a Latin label", "https://g\u03BF\u03BFgle.com/", "https://xn--ggle-0nda.com/"],
  ["a Latin label under a Cyrillic one", "https://paypal.\u0440\u0444/", "https://paypal.xn--p1ai/"],
  ["the look-alike written percent-encoded", "https://%D0%B0pple.com/", "https://xn--pple-43d.com/"],
  ["a symbol that reads as a slash", "https://example.com\u2044evil.com/", "https://example.xn--comevil-3d7c.com/"],
])("a host with %s shows in punycode, and still links only where it leads", (_label, text, shown) => {
  const body = renderText(`look: ${text} now`);
  const link = screen.getByRole("link");
  expect(link.textContent).toBe(shown);
  expect(link).toHaveAttribute("href", shown);
  expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  expect(body.textContent).toBe(`look: ${shown} now`);
});

test.each([
  "https://b\u00FCcher.de/katalog",
  "https://\u043F\u0440\u0438\u043C\u0435\u0440.\u0440\u0444/",
  "https://\u4F8B\u3048.jp/\u30D1\u30B9",
  "https://\u30C6\u30B9\u30C8\u30FC.jp/",
  "https://\uD55C\uAD6D.kr/",
  "https://\u4E2D\u6587.\u4E2D\u56FD/",
  "https://example.com/\u0430\u0440\u0440\u04CF\u0435",
])("the single-script address %s stays readable as written", (text) => {
  renderText(text);
  expect(screen.getByRole("link").textContent).toBe(text);
});
