import { act, render, screen } from "@testing-library/react";
import { TypingLine } from "@/components/typing-line";
import { TYPING_SHOWN_MS, TypingState } from "@/lib/client/typing";

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function setup() {
  const typing = new TypingState();
  const { container } = render(<TypingLine typing={typing} />);
  const line = container.querySelector("p")!;
  return { typing, line };
}

test("is a polite live region that is there, empty, before anyone types", () => {
  const { line } = setup();
  expect(line).toHaveAttribute("aria-live", "polite");
  expect(line).toBeEmptyDOMElement();
});

test("says who is typing, then several people, and empties when they stop", () => {
  const { typing, line } = setup();
  act(() => typing.heard("Ana", true));
  expect(screen.getByText("Ana is typing…")).toBe(line);
  act(() => typing.heard("Bob", true));
  expect(line).toHaveTextContent("Ana and Bob are typing…");
  act(() => typing.heard("Cara", true));
  expect(line).toHaveTextContent("Several people are typing…");
  act(() => {
    typing.heard("Cara", false);
    typing.forget("Ana");
  });
  expect(line).toHaveTextContent("Bob is typing…");
  act(() => jest.advanceTimersByTime(TYPING_SHOWN_MS));
  expect(line).toBeEmptyDOMElement();
});
