import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "@/components/composer";
import type { Ack } from "@/lib/protocol";
import { storedMessage } from "./messages";

const accepted = (): Promise<Ack<unknown>> => Promise.resolve({ ok: true, data: null });

test("reports the draft after each change the person makes, the emptied field included", async () => {
  const onDraftChange = jest.fn();
  render(<Composer onSend={accepted} onDraftChange={onDraftChange} />);
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Message"), "hi");
  await user.clear(screen.getByLabelText("Message"));
  expect(onDraftChange.mock.calls.map(([text]) => text)).toEqual(["h", "hi", ""]);
});

test("reports nothing while a message is edited", async () => {
  const onDraftChange = jest.fn();
  const target = { kind: "edit" as const, message: storedMessage(1, "Ana", "old text") };
  render(<Composer onSend={accepted} onDraftChange={onDraftChange} target={target} />);
  await userEvent.setup().type(screen.getByLabelText("Message"), " more");
  expect(onDraftChange).not.toHaveBeenCalled();
});
