import { render } from "@testing-library/react";
import { MessageText } from "@/components/message-text";
import { parseMarkdown } from "@/lib/client/markdown";

function shown(text: string, parse: typeof parseMarkdown | null = parseMarkdown): HTMLElement {
  return render(<MessageText text={text} parse={parse} />).container;
}

test("each construct of the subset becomes its element", () => {
  const box = shown("**bold** *italic* ~~gone~~ `a < b`\n\n> quoted\n\n- one\n- two\n\n7. seven\n\n```\nconst x = 1;\n```");
  expect(box.querySelector("strong")).toHaveTextContent("bold");
  expect(box.querySelector("em")).toHaveTextContent("italic");
  expect(box.querySelector("del")).toHaveTextContent("gone");
  expect(box.querySelector("p code")).toHaveTextContent("a < b");
  expect(box.querySelector("blockquote")).toHaveTextContent("quoted");
  expect(Array.from(box.querySelectorAll("ul > li"), (item) => item.textContent)).toEqual(["one", "two"]);
  expect(box.querySelector("ol")).toHaveAttribute("start", "7");
  const pre = box.querySelector("pre");
  expect(pre).toHaveTextContent("const x = 1;");
  // Scrolls sideways rather than wrapping, and a keyboard can reach it to scroll.
  expect(pre).toHaveClass("overflow-x-auto", "whitespace-pre");
  expect(pre).toHaveAttribute("tabindex", "0");
  expect(box.textContent).not.toMatch(/\*\*|~~|```|^>/);
});

test.each(["just words", "two lines\nof text", "paragraphs\n\n\nthree blank lines apart", "  leading spaces", "see https://example.com/a, ok", "<b>raw</b> & &amp;"])(
  "text without Markdown renders exactly as it did before the reader loaded: %j",
  (text) => {
    expect(shown(text).innerHTML).toBe(shown(text, null).innerHTML);
    expect(shown(text).textContent).toBe(text);
    expect(shown(text).firstElementChild).toHaveClass("whitespace-pre-wrap");
  },
);

test("until the reader has loaded, Markdown shows as the plain text it was typed as", () => {
  const box = shown("**not yet**", null);
  expect(box.querySelector("strong")).toBeNull();
  expect(box).toHaveTextContent("**not yet**");
});

test("raw HTML beside Markdown stays text: no element of its own, no handler", () => {
  const box = shown('**hi** <img src=x onerror=alert(1)> <script>alert(1)</script> <a href="javascript:alert(1)">x</a>');
  expect(box.querySelector("img, script, a")).toBeNull();
  expect(box).toHaveTextContent('<img src=x onerror=alert(1)> <script>alert(1)</script> <a href="javascript:alert(1)">x</a>');
  const handlers = Array.from(box.querySelectorAll("*")).flatMap((element) => element.getAttributeNames().filter((name) => name.startsWith("on")));
  expect(handlers).toEqual([]);
});

test.each(["*see* [click](javascript:alert(1))", "**x** javascript:alert(1)", "_a_ [b](data:text/html,<script>alert(1)</script>)", "`c` <javascript:alert(1)>"])(
  "a javascript: or data: address is never a link: %j",
  (text) => {
    expect(shown(text).querySelector("a")).toBeNull();
  },
);

test("addresses link with the existing rules, www. ones included, also inside emphasis and quotes", () => {
  const box = shown("**www.example.com** and > not a quote\n\n> https://example.org/x.");
  const links = Array.from(box.querySelectorAll("a"));
  expect(links.map((link) => link.getAttribute("href"))).toEqual(["http://www.example.com/", "https://example.org/x"]);
  expect(links.map((link) => link.textContent)).toEqual(["www.example.com", "https://example.org/x"]);
  for (const link of links) {
    expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
    expect(link).toHaveAttribute("target", "_blank");
  }
  expect(links[0]?.closest("strong")).not.toBeNull();
  expect(links[1]?.closest("blockquote")).not.toBeNull();
});

test("a plain message links www. addresses too, before and after the reader loads", () => {
  for (const parse of [null, parseMarkdown]) {
    const link = shown("go to www.example.com.", parse).querySelector("a");
    expect(link).toHaveAttribute("href", "http://www.example.com/");
  }
});

test("addresses in code are not links", () => {
  expect(shown("`https://example.com` and\n```\nwww.example.com\n```").querySelector("a")).toBeNull();
});

test("a message whose Markdown cannot be read shows as plain text, and the rest of the page stays", () => {
  const error = jest.spyOn(console, "error").mockImplementation(() => {});
  const failing = () => {
    throw new RangeError("Maximum call stack size exceeded");
  };
  const box = shown("**bold** but unreadable", failing);
  expect(box.textContent).toBe("**bold** but unreadable");
  expect(box.querySelector("strong")).toBeNull();
  error.mockRestore();
});

test("a message nested too deep for the reader shows as its text", () => {
  const deep = ">".repeat(4000);
  expect(shown(deep).textContent).toBe(deep);
});
