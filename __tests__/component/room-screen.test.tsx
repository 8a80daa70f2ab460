import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRouter } from "next/navigation";
import { RoomScreen } from "@/components/room-screen";
import { joinRoom } from "@/lib/client/join-room";
import { JoinRefusedError } from "@/lib/client/refusals";
import type { RoomSession, RoomState } from "@/lib/client/room-session";
import { TypingState } from "@/lib/client/typing";
import type { Message } from "@/lib/protocol";
import { connectedState } from "./session-state";

jest.mock("next/navigation", () => ({ useRouter: jest.fn() }));
jest.mock("@/lib/client/join-room", () => ({
  ...jest.requireActual<typeof import("@/lib/client/join-room")>("@/lib/client/join-room"),
  joinRoom: jest.fn(),
}));

const push = jest.fn();
const joinRoomMock = jest.mocked(joinRoom);
const CODE = "ABCDEFGHJ";

const joinedState: RoomState = connectedState();

/** A session as the room page sees it, without a socket: a fixed state and recorded calls. */
function fakeSession(state: RoomState) {
  const session = {
    code: CODE,
    subscribe: () => () => {},
    getSnapshot: () => state,
    isOwn: (message: Message) => message.author.name === state.you?.name,
    send: jest.fn(),
    loadOlder: jest.fn(() => Promise.resolve()),
    leave: jest.fn(() => Promise.resolve()),
    close: jest.fn(),
    typing: new TypingState(),
    draftChanged: jest.fn(),
  };
  return { session, asSession: session as unknown as RoomSession };
}

beforeEach(() => {
  jest.resetAllMocks();
  localStorage.clear();
  jest.mocked(useRouter).mockReturnValue({ push } as unknown as ReturnType<typeof useRouter>);
});

test("a visitor without a remembered name is asked for one, and a taken name is explained", async () => {
  joinRoomMock.mockRejectedValue(new JoinRefusedError({ code: "name_taken", message: "taken" }));
  render(<RoomScreen code={CODE} />);
  const user = userEvent.setup();

  await user.type(await screen.findByLabelText("Your name"), "Ana");
  expect(joinRoomMock).not.toHaveBeenCalled();
  await user.click(screen.getByRole("button", { name: "Join room" }));

  expect(joinRoomMock).toHaveBeenCalledWith(CODE, "Ana", undefined);
  expect(await screen.findByRole("alert")).toHaveTextContent("Someone in this room already uses that name");
  expect(screen.queryByRole("log")).toBeNull();
});

test("a visitor with a remembered name joins at once and sees the room", async () => {
  localStorage.setItem("roomchat:name", "Bea");
  joinRoomMock.mockResolvedValue(fakeSession(joinedState).asSession);
  render(<RoomScreen code={CODE} />);

  expect(await screen.findByRole("log", { name: "Conversation" })).toBeInTheDocument();
  expect(joinRoomMock).toHaveBeenCalledTimes(1);
  expect(joinRoomMock).toHaveBeenCalledWith(CODE, "Bea", undefined);
  expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("ABC-DEF-GHJ");
  const members = within(screen.getByRole("complementary"));
  expect(members.getByText(/Here now \(2\)/)).toBeInTheDocument();
  expect(members.getByText("Bea").parentElement).toHaveTextContent("(you)");
  expect(members.getByText("Ana").parentElement).not.toHaveTextContent("(you)");
  expect(screen.getByText("Connected")).toBeInTheDocument();
});

test("Leave leaves the room, closes the session and goes home", async () => {
  localStorage.setItem("roomchat:name", "Bea");
  const { session, asSession } = fakeSession(joinedState);
  joinRoomMock.mockResolvedValue(asSession);
  render(<RoomScreen code={CODE} />);

  await userEvent.setup().click(await screen.findByRole("button", { name: "Leave" }));
  await waitFor(() => expect(push).toHaveBeenCalledWith("/"));
  expect(session.leave).toHaveBeenCalledTimes(1);
  expect(session.close).toHaveBeenCalled();
});

test("a refusal after joining is shown in plain words with a way home", async () => {
  localStorage.setItem("roomchat:name", "Bea");
  const refused: RoomState = { ...joinedState, status: "closed", refusal: { code: "room_not_found", message: "room_not_found" } };
  joinRoomMock.mockResolvedValue(fakeSession(refused).asSession);
  render(<RoomScreen code={CODE} />);

  expect(await screen.findByText(/no room with that code/i)).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Back to home" })).toHaveAttribute("href", "/");
  expect(screen.queryByRole("log")).toBeNull();
});

test("a join the server refused for now says why and counts down to the next attempt", async () => {
  localStorage.setItem("roomchat:name", "Bea");
  const retrying: RoomState = { ...joinedState, status: "reconnecting", retry: { code: "room_full", message: "This room is full right now.", at: Date.now() + 5_000 } };
  joinRoomMock.mockResolvedValue(fakeSession(retrying).asSession);
  render(<RoomScreen code={CODE} />);

  expect(await screen.findByText("Room is full, retrying in 5 s")).toHaveAttribute("role", "status");
  expect(await screen.findByText("Room is full, retrying in 4 s", {}, { timeout: 2_000 })).toBeInTheDocument();
  expect(screen.queryByText("Reconnecting…")).toBeNull();
});
