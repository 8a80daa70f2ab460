import { act, render, screen } from "@testing-library/react";
import { OutboxItem } from "@/components/outbox-item";
import type { OutboxEntry } from "@/lib/client/outbox";

const NOW = Date.UTC(2025, 0, 2, 9, 0, 0);

beforeEach(() => {
  jest.useFakeTimers();
  jest.setSystemTime(NOW);
});
afterEach(() => jest.useRealTimers());

function bubble(patch: Partial<OutboxEntry>) {
  const entry: OutboxEntry = { clientId: "c1", text: "hello", createdAt: new Date(NOW).toISOString(), status: "pending", ...patch };
  return render(<OutboxItem entry={entry} author="Ana" onRetry={jest.fn()} onDiscard={jest.fn()} />);
}

test("a message on its way says Sending…", () => {
  bubble({});
  expect(screen.getByText("Sending…")).toBeInTheDocument();
});

test("a rate-limited message says when it will go, counting down, then Sending…", () => {
  bubble({ error: { code: "rate_limited", message: "You are sending messages too fast.", retryAfterMs: 2_500 }, retryAt: NOW + 2_500 });
  expect(screen.getByText("Slow down: sending in 3 s")).toBeInTheDocument();
  expect(screen.queryByText("Sending…")).not.toBeInTheDocument();
  act(() => jest.advanceTimersByTime(1_000));
  expect(screen.getByText("Slow down: sending in 2 s")).toBeInTheDocument();
  act(() => jest.advanceTimersByTime(1_000));
  expect(screen.getByText("Slow down: sending in 1 s")).toBeInTheDocument();
  act(() => jest.advanceTimersByTime(500));
  expect(screen.getByText("Sending…")).toBeInTheDocument();
});

test("a message held back by another retried refusal says it will try again", () => {
  bubble({ error: { code: "unavailable", message: "Restarting." }, retryAt: NOW + 4_000 });
  expect(screen.getByText("Not sent yet: trying again in 4 s")).toBeInTheDocument();
});

test("a new wait restarts the count", () => {
  const { rerender } = bubble({ error: { code: "rate_limited", message: "" }, retryAt: NOW + 1_000 });
  act(() => jest.advanceTimersByTime(1_000));
  expect(screen.getByText("Sending…")).toBeInTheDocument();
  const entry: OutboxEntry = { clientId: "c1", text: "hello", createdAt: new Date(NOW).toISOString(), status: "pending", error: { code: "rate_limited", message: "" }, retryAt: NOW + 6_000 };
  rerender(<OutboxItem entry={entry} author="Ana" onRetry={jest.fn()} onDiscard={jest.fn()} />);
  expect(screen.getByText("Slow down: sending in 5 s")).toBeInTheDocument();
});
