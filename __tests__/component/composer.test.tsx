import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Composer } from "@/components/composer";
import { MESSAGE_MAX_LENGTH, type Ack, type Message } from "@/lib/protocol";

const sent: Message = {
  id: "m1",
  seq: 1,
  roomCode: "ABCDEFGHJ",
  clientId: "c1",
  author: { id: "a0a0a0a0a0a0a0a0", name: "Ana" },
  text: "hello",
  createdAt: "2025-01-02T09:00:00.000Z",
  version: 0,
  editedAt: null,
  deletedAt: null,
  replyTo: null,
  reactions: [],
};

function setup(result: Ack<Message> = { ok: true, data: sent }) {
  const onSend = jest.fn<Promise<Ack<Message>>, [string]>().mockResolvedValue(result);
  render(<Composer onSend={onSend} />);
  return { onSend, user: userEvent.setup(), textarea: screen.getByLabelText("Message") };
}

test("Enter sends the text and clears the field", async () => {
  const { onSend, user, textarea } = setup();
  await user.type(textarea, "hello{Enter}");

  expect(onSend).toHaveBeenCalledTimes(1);
  expect(onSend).toHaveBeenCalledWith("hello");
  expect(textarea).toHaveValue("");
});

test("Shift+Enter starts a new line instead of sending", async () => {
  const { onSend, user, textarea } = setup();
  await user.type(textarea, "one{Shift>}{Enter}{/Shift}two");

  expect(onSend).not.toHaveBeenCalled();
  expect(textarea).toHaveValue("one\ntwo");
});

test("Enter while an input method is composing does not send", () => {
  const { onSend, textarea } = setup();
  fireEvent.change(textarea, { target: { value: "にほん" } });
  fireEvent.keyDown(textarea, { key: "Enter", isComposing: true });

  expect(onSend).not.toHaveBeenCalled();
  expect(textarea).toHaveValue("にほん");
});

test("Send is disabled until there is something besides spaces", async () => {
  const { onSend, user, textarea } = setup();
  const send = screen.getByRole("button", { name: "Send" });
  expect(send).toBeDisabled();
  await user.type(textarea, "   ");
  expect(send).toBeDisabled();
  await user.type(textarea, "x");
  expect(send).toBeEnabled();
  await user.click(send);
  expect(onSend).toHaveBeenCalledWith("   x");
});

test("a refused message comes back into the field with the reason", async () => {
  const { user, textarea } = setup({ ok: false, error: { code: "rate_limited", message: "Too many messages" } });
  await user.type(textarea, "hello{Enter}");

  expect(await screen.findByRole("alert")).toHaveTextContent(/too fast/i);
  expect(textarea).toHaveValue("hello");
  expect(textarea).toHaveAttribute("aria-describedby", screen.getByRole("alert").id);
});

test("a refused message does not overwrite a new one already being typed", async () => {
  let answer: (result: Ack<Message>) => void = () => {};
  const onSend = jest.fn(() => new Promise<Ack<Message>>((resolve) => (answer = resolve)));
  render(<Composer onSend={onSend} />);
  const user = userEvent.setup();
  const textarea = screen.getByLabelText("Message");
  await user.type(textarea, "first{Enter}second");

  answer({ ok: false, error: { code: "internal", message: "Not connected. Your message was kept." } });
  await waitFor(() => expect(screen.getByRole("alert")).toHaveTextContent("Not connected"));
  expect(textarea).toHaveValue("second");
});

test("counts characters near the limit and refuses text over it", () => {
  const { onSend, textarea } = setup();
  fireEvent.change(textarea, { target: { value: "a".repeat(MESSAGE_MAX_LENGTH - 10) } });
  expect(screen.getByText(`${MESSAGE_MAX_LENGTH - 10} / ${MESSAGE_MAX_LENGTH}`)).toBeInTheDocument();

  fireEvent.change(textarea, { target: { value: "a".repeat(MESSAGE_MAX_LENGTH + 1) } });
  expect(screen.getByText(/too long to send/)).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  fireEvent.keyDown(textarea, { key: "Enter" });
  expect(onSend).not.toHaveBeenCalled();
});
