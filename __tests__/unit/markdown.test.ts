import { parseMarkdown, type Block } from "@/lib/client/markdown";

const paragraph = (...children: Extract<Block, { type: "paragraph" }>["children"]): Block => ({ type: "paragraph", children });
const text = (value: string) => ({ type: "text" as const, text: value });

describe("parseMarkdown reads the subset", () => {
  it("bold, italic, strike and inline code, in both spellings of emphasis", () => {
    expect(parseMarkdown("**b** __b__ *i* _i_ ~~s~~ `c`")).toEqual([
      paragraph(
        { type: "strong", children: [text("b")] },
        text(" "),
        { type: "strong", children: [text("b")] },
        text(" "),
        { type: "em", children: [text("i")] },
        text(" "),
        { type: "em", children: [text("i")] },
        text(" "),
        { type: "del", children: [text("s")] },
        text(" "),
        { type: "code", text: "c" },
      ),
    ]);
  });

  it("nested emphasis", () => {
    expect(parseMarkdown("**bold _and italic_**")).toEqual([
      paragraph({ type: "strong", children: [text("bold "), { type: "em", children: [text("and italic")] }] }),
    ]);
  });

  it("a fenced code block keeps its spaces and does not read Markdown inside", () => {
    expect(parseMarkdown("```ts\nconst  a = **b**;\n  indented\n```")).toEqual([{ type: "code", text: "const  a = **b**;\n  indented" }]);
  });

  it("a quote holds blocks", () => {
    expect(parseMarkdown("> quoted *line*\n> second")).toEqual([
      { type: "quote", children: [paragraph(text("quoted "), { type: "em", children: [text("line")] }, text("\nsecond"))] },
    ]);
  });

  it("bulleted and numbered lists, a numbered one from its first number", () => {
    expect(parseMarkdown("- one\n- **two**\n\n3. three\n4. four")).toEqual([
      { type: "list", ordered: false, start: 1, items: [[paragraph(text("one"))], [paragraph({ type: "strong", children: [text("two")] })]] },
      { type: "list", ordered: true, start: 3, items: [[paragraph(text("three"))], [paragraph(text("four"))]] },
    ]);
  });

  it("a single newline inside a paragraph stays a newline (the text is shown pre-wrapped)", () => {
    expect(parseMarkdown("*a*\nb")).toEqual([paragraph({ type: "em", children: [text("a")] }, text("\nb"))]);
  });
});

describe("parseMarkdown leaves the rest as typed", () => {
  it.each([
    ["plain text", "just words, a line\nand another"],
    ["blank lines", "one\n\n\ntwo"],
    ["raw HTML, block and inline", "<script>alert(1)</script>\n\n<b onclick=x>bold</b> <img src=x onerror=alert(1)>"],
    ["a heading", "# not a heading"],
    ["a rule", "a\n\n---"],
    ["indented text", "    four spaces in"],
    ["a table", "| a | b |\n| - | - |\n| 1 | 2 |"],
    ["link syntax", "[click](javascript:alert(1)) and ![img](https://x.example/a.png)"],
    ["an address, linked later by the text renderer", "www.example.com and https://example.com"],
    ["an HTML entity", "&lt;b&gt; &amp;"],
  ])("%s: no Markdown, so the text shows as typed", (_what, input) => {
    expect(parseMarkdown(input)).toBeNull();
  });

  it("raw HTML beside Markdown is text inside the paragraph", () => {
    expect(parseMarkdown("**hi** <b onclick=alert(1)>x</b>")).toEqual([
      paragraph({ type: "strong", children: [text("hi")] }, text(" <b onclick=alert(1)>x</b>")),
    ]);
  });

  it("link syntax beside Markdown is text, so javascript: cannot become a link", () => {
    const blocks = parseMarkdown("*see* [x](javascript:alert(1))");
    expect(JSON.stringify(blocks)).not.toMatch(/"type":"link"/);
    expect(blocks).toEqual([paragraph({ type: "em", children: [text("see")] }, text(" [x](javascript:alert(1))"))]);
  });

  it("a task item's box stays text", () => {
    expect(parseMarkdown("- [ ] to do")).toEqual([{ type: "list", ordered: false, start: 1, items: [[paragraph(text("[ ] "), text("to do"))]] }]);
  });

  it("a backslash escape counts as Markdown and shows the character", () => {
    expect(parseMarkdown("\\*not bold\\*")).toEqual([paragraph(text("*"), text("not bold"), text("*"))]);
  });
});

describe("parseMarkdown cannot be turned against the reader", () => {
  it.each([
    ["4,000 quote markers", ">".repeat(4000)],
    ["spaced quote markers", "> ".repeat(2000)],
    ["numbered items in items", "1. ".repeat(1300)],
    ["quotes in list items", "> - ".repeat(1000)],
    ["nine levels, then text", "> > > > > > > > > deep"],
  ])("%s: too deep to read, so plain text, and nothing throws", (_name, input) => {
    expect(() => parseMarkdown(input)).not.toThrow();
    expect(parseMarkdown(input)).toBeNull();
  });

  it("a line of dashes or stars is not nesting: the rest of the message still reads as Markdown", () => {
    expect(parseMarkdown("----------\n**bold**")).toEqual([paragraph(text("----------\n"), { type: "strong", children: [text("bold")] })]);
    expect(parseMarkdown("**********\n_see_")?.some((block) => JSON.stringify(block).includes('"em"'))).toBe(true);
  });

  it("eight levels of quotes still read as quotes", () => {
    let block = parseMarkdown("> > > > > > > > eight")?.[0];
    for (let depth = 0; depth < 8; depth += 1) {
      expect(block?.type).toBe("quote");
      block = block?.type === "quote" ? block.children[0] : undefined;
    }
    expect(block).toEqual(paragraph(text("eight")));
  });

  it("character references stay as typed: no stacked marks, no controls, and & stays &", () => {
    const marks = "&#x301;".repeat(500);
    expect(parseMarkdown(`*x* a${marks} R&D &#27; &#8364;5`)).toEqual([paragraph({ type: "em", children: [text("x")] }, text(` a${marks} R&D &#27; &#8364;5`))]);
  });

  it("an address is one run of text: emphasis markers inside it do not cut it", () => {
    expect(parseMarkdown("see https://x.example/_foo_/bar and **this**")).toEqual([
      paragraph(text("see "), text("https://x.example/_foo_/bar"), text(" and "), { type: "strong", children: [text("this")] }),
    ]);
    expect(parseMarkdown("www.example.com/a*b*c")).toBeNull();
  });
});

describe("parseMarkdown's quick test for text without Markdown", () => {
  it.each(["5-3 = 2, 2.5 + 1", "a -> b", "-dash", "1.5 litres", "# tag", "<b>x</b> & [y](z)"])("%j skips the lexer and stays plain", (input) => {
    expect(parseMarkdown(input)).toBeNull();
  });

  it.each([
    ["- item", "list"],
    ["   + item", "list"],
    ["intro\n\n2) item", "list"],
    ["1.", "list"],
  ])("%j still reaches the lexer (a %s)", (input, type) => {
    expect(parseMarkdown(input)?.map((block) => block.type)).toContain(type);
  });
});
