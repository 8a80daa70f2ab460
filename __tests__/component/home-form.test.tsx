import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRouter } from "next/navigation";
import { HomeForm } from "@/components/home-form";
import { createRoom } from "@/lib/client/api";
import { joinRoom } from "@/lib/client/join-room";
import { JoinRefusedError } from "@/lib/client/refusals";
import type { RoomSession } from "@/lib/client/room-session";
import type { ErrorCode } from "@/lib/protocol";

jest.mock("next/navigation", () => ({ useRouter: jest.fn() }));
jest.mock("@/lib/client/api", () => ({
  ...jest.requireActual<typeof import("@/lib/client/api")>("@/lib/client/api"),
  createRoom: jest.fn(),
}));
jest.mock("@/lib/client/join-room", () => ({
  ...jest.requireActual<typeof import("@/lib/client/join-room")>("@/lib/client/join-room"),
  joinRoom: jest.fn(),
}));

const push = jest.fn();
const createRoomMock = jest.mocked(createRoom);
const joinRoomMock = jest.mocked(joinRoom);

function fakeSession(code: string): RoomSession {
  return { code } as unknown as RoomSession;
}

function refuse(code: ErrorCode) {
  joinRoomMock.mockRejectedValue(new JoinRefusedError({ code, message: `server said ${code}` }));
}

/** The text that the input's aria-describedby points at: the error (and hint) shown next to it. */
function describedText(input: HTMLElement): string {
  const ids = input.getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}
const errorOf = describedText;

beforeEach(() => {
  jest.resetAllMocks();
  localStorage.clear();
  jest.mocked(useRouter).mockReturnValue({ push } as unknown as ReturnType<typeof useRouter>);
});

async function fillName(name: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Your name"), name);
  return user;
}

test("an empty name is refused next to the field, without a request", async () => {
  const user = userEvent.setup();
  render(<HomeForm />);
  await user.click(screen.getByRole("button", { name: "Create room" }));

  const nameInput = screen.getByLabelText("Your name");
  expect(nameInput).toHaveAttribute("aria-invalid", "true");
  expect(errorOf(nameInput)).toMatch(/enter a name/i);
  expect(createRoomMock).not.toHaveBeenCalled();
  expect(joinRoomMock).not.toHaveBeenCalled();
});

test("prefills the name this browser used last", () => {
  localStorage.setItem("roomchat:name", "Bea");
  render(<HomeForm />);
  expect(screen.getByLabelText("Your name")).toHaveValue("Bea");
});

test("joining without a code asks for one", async () => {
  render(<HomeForm />);
  const user = await fillName("Ana");
  await user.click(screen.getByRole("button", { name: "Join room" }));

  expect(errorOf(screen.getByLabelText("Room code"))).toMatch(/enter the room code/i);
  expect(joinRoomMock).not.toHaveBeenCalled();
});

test("a malformed code is refused before any request", async () => {
  render(<HomeForm />);
  const user = await fillName("Ana");
  await user.type(screen.getByLabelText("Room code"), "hello");
  await user.click(screen.getByRole("button", { name: "Join room" }));

  expect(errorOf(screen.getByLabelText("Room code"))).toMatch(/not a room code/i);
  expect(joinRoomMock).not.toHaveBeenCalled();
});

test("Enter in the code field joins; an unknown room is explained next to the code", async () => {
  refuse("room_not_found");
  render(<HomeForm />);
  const user = await fillName("Ana");
  await user.type(screen.getByLabelText("Room code"), " abc-def-ghj{Enter}");

  expect(joinRoomMock).toHaveBeenCalledWith("ABCDEFGHJ", "Ana");
  expect(await screen.findByText(/no room with that code/i)).toBeInTheDocument();
  expect(errorOf(screen.getByLabelText("Room code"))).toMatch(/no room with that code/i);
  expect(push).not.toHaveBeenCalled();
  expect(screen.getByRole("button", { name: "Join room" })).toBeEnabled();
});

test("a name already used in the room is explained next to the name", async () => {
  refuse("name_taken");
  render(<HomeForm />);
  const user = await fillName("Ana");
  await user.type(screen.getByLabelText("Room code"), "ABCDEFGHJ");
  await user.click(screen.getByRole("button", { name: "Join room" }));

  await screen.findByText(/already uses that name/i);
  expect(errorOf(screen.getByLabelText("Your name"))).toMatch(/already uses that name/i);
  expect(push).not.toHaveBeenCalled();
});

test("Create room creates, joins under the trimmed name and opens the room by its formatted code", async () => {
  let finishCreate: (code: string) => void = () => {};
  createRoomMock.mockReturnValue(new Promise((resolve) => (finishCreate = resolve)));
  joinRoomMock.mockResolvedValue(fakeSession("ABCDEFGHJ"));
  render(<HomeForm />);
  const user = await fillName("  Ana ");
  await user.click(screen.getByRole("button", { name: "Create room" }));

  expect(screen.getByRole("button", { name: "Create room" })).toBeDisabled();
  expect(screen.getByRole("button", { name: "Join room" })).toBeDisabled();
  finishCreate("ABCDEFGHJ");

  await waitFor(() => expect(push).toHaveBeenCalledWith("/room/ABC-DEF-GHJ"));
  expect(createRoomMock).toHaveBeenCalledTimes(1);
  expect(joinRoomMock).toHaveBeenCalledWith("ABCDEFGHJ", "Ana");
});

test("Enter in the name field while a code is typed joins that room instead of creating one", async () => {
  joinRoomMock.mockResolvedValue(fakeSession("ABCDEFGHJ"));
  render(<HomeForm />);
  const user = await fillName("Ana");
  await user.type(screen.getByLabelText("Room code"), "abc-def-ghj");
  await user.type(screen.getByLabelText("Your name"), "{Enter}");

  await waitFor(() => expect(push).toHaveBeenCalledWith("/room/ABC-DEF-GHJ"));
  expect(joinRoomMock).toHaveBeenCalledWith("ABCDEFGHJ", "Ana");
  expect(createRoomMock).not.toHaveBeenCalled();
});

test("Enter in the name field without a code creates a room", async () => {
  createRoomMock.mockResolvedValue("KLMNPQRST");
  joinRoomMock.mockResolvedValue(fakeSession("KLMNPQRST"));
  render(<HomeForm />);
  await fillName("Ana{Enter}");

  await waitFor(() => expect(push).toHaveBeenCalledWith("/room/KLM-NPQ-RST"));
  expect(createRoomMock).toHaveBeenCalledTimes(1);
});

test("the form says what Enter does, and the primary button follows whether a code is typed", async () => {
  render(<HomeForm />);
  const nameInput = screen.getByLabelText("Your name");
  expect(nameInput).toHaveFocus();
  expect(describedText(nameInput)).toMatch(/enter creates a new room/i);
  expect(screen.getByRole("button", { name: "Create room" })).toHaveAttribute("type", "submit");
  expect(screen.getByRole("button", { name: "Join room" })).toHaveAttribute("type", "button");

  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Room code"), "ABC");

  expect(describedText(nameInput)).toMatch(/enter joins the room/i);
  expect(screen.getByRole("button", { name: "Join room" })).toHaveAttribute("type", "submit");
  expect(screen.getByRole("button", { name: "Create room" })).toHaveAttribute("type", "button");
});

test("Create room still creates when clicked with a code typed: a click is a choice", async () => {
  createRoomMock.mockResolvedValue("KLMNPQRST");
  joinRoomMock.mockResolvedValue(fakeSession("KLMNPQRST"));
  render(<HomeForm />);
  const user = await fillName("Ana");
  await user.type(screen.getByLabelText("Room code"), "ABC-DEF-GHJ");
  await user.click(screen.getByRole("button", { name: "Create room" }));

  await waitFor(() => expect(push).toHaveBeenCalledWith("/room/KLM-NPQ-RST"));
  expect(joinRoomMock).toHaveBeenCalledWith("KLMNPQRST", "Ana");
});
