import { Component, type ReactNode } from "react";
import type { ParseMarkdown } from "@/lib/client/load-markdown";
import type { Block, Inline } from "@/lib/client/markdown";
import { LinkifiedText } from "./linkified-text";

// As the message text always was: the sender's line breaks and spaces kept, long words wrapped anywhere.
const TEXT_CLASS = "mt-0.5 whitespace-pre-wrap break-words [overflow-wrap:anywhere]";
// Tints of the bubble's own text colour, so that they read on indigo, white and dark bubbles alike.
const CODE_CLASS = "rounded bg-current/10 px-1 font-mono text-[0.9em]";
const PRE_CLASS =
  "max-w-full overflow-x-auto rounded-md bg-current/10 px-2 py-1.5 font-mono text-[0.85em] whitespace-pre [overflow-wrap:normal] focus-visible:outline-2 focus-visible:outline-current";

function renderInlines(inlines: readonly Inline[]): ReactNode[] {
  return inlines.map((inline, index) => {
    switch (inline.type) {
      case "text":
        return <LinkifiedText key={index} text={inline.text} />;
      case "code":
        return (
          <code key={index} className={CODE_CLASS}>
            {inline.text}
          </code>
        );
      case "strong":
        return <strong key={index}>{renderInlines(inline.children)}</strong>;
      case "em":
        return <em key={index}>{renderInlines(inline.children)}</em>;
      case "del":
        return <del key={index}>{renderInlines(inline.children)}</del>;
    }
  });
}

function renderBlocks(blocks: readonly Block[]): ReactNode[] {
  return blocks.map((block, index) => {
    switch (block.type) {
      case "paragraph":
        return <p key={index}>{renderInlines(block.children)}</p>;
      case "code":
        // Focusable, so that a keyboard can scroll a long line into view.
        return (
          <pre key={index} tabIndex={0} className={PRE_CLASS}>
            <code>{block.text}</code>
          </pre>
        );
      case "quote":
        return (
          <blockquote key={index} className="space-y-1 border-l-4 border-current/30 pl-2.5">
            {renderBlocks(block.children)}
          </blockquote>
        );
      case "list": {
        const items = block.items.map((item, at) => <li key={at}>{renderBlocks(item)}</li>);
        return block.ordered ? (
          <ol key={index} start={block.start} className="list-decimal pl-6">
            {items}
          </ol>
        ) : (
          <ul key={index} className="list-disc pl-5">
            {items}
          </ul>
        );
      }
    }
  });
}

/** The plain rendering: the text exactly as typed, its addresses linked. */
function PlainText({ text }: { text: string }) {
  return (
    <p className={TEXT_CLASS}>
      <LinkifiedText text={text} />
    </p>
  );
}

/**
 * Shows a message's plain text if reading or rendering its Markdown throws, so that one message the
 * reader cannot handle (lib/client/markdown.ts refuses the known ones) never takes the room page down.
 */
class PlainOnError extends Component<{ text: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <PlainText text={this.props.text} /> : this.props.children;
  }
}

function FormattedText({ text, parse }: { text: string; parse: ParseMarkdown }) {
  const blocks = parse(text);
  if (blocks === null) return <PlainText text={text} />;
  return <div className={`${TEXT_CLASS} space-y-1.5`}>{renderBlocks(blocks)}</div>;
}

/**
 * A message's text: with its Markdown rendered once the reader has loaded (`parse`), as plain text
 * until then and whenever it has none. Every string is a React text child: nothing becomes HTML.
 */
export function MessageText({ text, parse }: { text: string; parse: ParseMarkdown | null }) {
  if (parse === null) return <PlainText text={text} />;
  return (
    <PlainOnError key={text} text={text}>
      <FormattedText text={text} parse={parse} />
    </PlainOnError>
  );
}
