/**
 * What someone arriving at a room, or in it, sees when the owner's decisions stand in the way:
 * kicked, locked, ended, a passphrase (asked up front, wrong, too many tries). Real RoomScreen and
 * forms; joinRoom and fetch are the edges.
 */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRouter } from "next/navigation";
import { RoomScreen } from "@/components/room-screen";
import { joinRoom } from "@/lib/client/join-room";
import { JoinRefusedError } from "@/lib/client/refusals";
import type { RoomSession, RoomState } from "@/lib/client/room-session";
import { TypingState } from "@/lib/client/typing";
import type { ApiError, ErrorCode } from "@/lib/protocol";
import { roomState } from "../fixtures";
import { fakeResponse } from "./fake-response";
import { connectedState } from "./session-state";

jest.mock("next/navigation", () => ({ useRouter: jest.fn() }));
jest.mock("@/lib/client/join-room", () => ({ joinRoom: jest.fn() }));

const CODE = "ABCDEFGHJ";
const joinRoomMock = jest.mocked(joinRoom);
const fetchMock = jest.fn();

const joined: RoomState = connectedState({ room: roomState({ owner: "Ana" }) });

function fakeSession(state: RoomState): RoomSession {
  const session = { code: CODE, subscribe: () => () => {}, getSnapshot: () => state, isOwn: () => false, typing: new TypingState(), owner: { isOwner: () => false }, close: jest.fn() };
  return session as unknown as RoomSession;
}

const refusal = (code: ErrorCode, extra: Partial<ApiError> = {}) => new JoinRefusedError({ code, message: code, ...extra });

beforeEach(() => {
  jest.resetAllMocks();
  localStorage.clear();
  global.fetch = fetchMock;
  fetchMock.mockResolvedValue(fakeResponse({ code: CODE, lifetimeHours: 168, expiresAt: "2027-01-01T00:00:00.000Z", locked: false, hasPassphrase: false }));
  jest.mocked(useRouter).mockReturnValue({ push: jest.fn() } as unknown as ReturnType<typeof useRouter>);
});

test.each([
  ["kicked", "You were removed from this room", "The room's owner removed you from this room."],
  ["room_locked", "This room is locked", "nobody new can join it"],
  ["room_ended", "This room has ended", "Its messages are deleted."],
] as const)("refused %s at the door: a page that says why, without a form", async (code, title, words) => {
  localStorage.setItem("roomchat:name", "Bea");
  joinRoomMock.mockRejectedValue(refusal(code));
  render(<RoomScreen code={CODE} />);
  expect(await screen.findByRole("heading", { name: title })).toBeInTheDocument();
  expect(screen.getByText(new RegExp(words.replace(/[.']/g, ".")))).toBeInTheDocument();
  expect(screen.queryByLabelText("Your name")).toBeNull();
  expect(screen.getByRole("link", { name: "Back to home" })).toHaveAttribute("href", "/");
});

test.each([
  ["kicked", "You were removed from this room"],
  ["room_ended", "This room has ended"],
] as const)("in the room when %s comes: the room gives way to the page", async (code, title) => {
  localStorage.setItem("roomchat:name", "Bea");
  joinRoomMock.mockResolvedValue(fakeSession({ ...joined, status: "closed", refusal: { code, message: code } }));
  render(<RoomScreen code={CODE} />);
  expect(await screen.findByRole("heading", { name: title })).toBeInTheDocument();
  expect(screen.queryByRole("log")).toBeNull();
});

test("a passphrase asked by the server: wrong is said at the field, too many tries say how long to wait, right lets in", async () => {
  localStorage.setItem("roomchat:name", "Bea");
  joinRoomMock.mockRejectedValueOnce(refusal("passphrase_required"));
  render(<RoomScreen code={CODE} />);
  const field = await screen.findByLabelText("Passphrase");
  expect(field).toHaveFocus();
  expect(screen.queryByRole("alert")).toBeNull();
  const user = userEvent.setup();

  joinRoomMock.mockRejectedValueOnce(refusal("wrong_passphrase"));
  await user.type(field, "grey heron{Enter}");
  expect(joinRoomMock).toHaveBeenLastCalledWith(CODE, "Bea", "grey heron");
  expect(await screen.findByRole("alert")).toHaveTextContent("That passphrase is not right.");
  expect(field).toHaveAttribute("aria-invalid", "true");

  joinRoomMock.mockRejectedValueOnce(refusal("rate_limited", { retryAfterMs: 30_000 }));
  await user.click(screen.getByRole("button", { name: "Join room" }));
  expect(await screen.findByText("Too many wrong passphrases. Wait 30 s, then try again.")).toBeInTheDocument();

  joinRoomMock.mockResolvedValueOnce(fakeSession(joined));
  await user.clear(field);
  await user.type(field, "blue heron{Enter}");
  expect(await screen.findByRole("log", { name: "Conversation" })).toBeInTheDocument();
  expect(joinRoomMock).toHaveBeenLastCalledWith(CODE, "Bea", "blue heron");
});

test("a room that says it has a passphrase asks for it with the name, and an empty one is not sent", async () => {
  fetchMock.mockResolvedValue(fakeResponse({ code: CODE, lifetimeHours: 168, expiresAt: "2027-01-01T00:00:00.000Z", locked: false, hasPassphrase: true }));
  render(<RoomScreen code={CODE} />);
  const field = await screen.findByLabelText("Passphrase");
  expect(fetchMock).toHaveBeenCalledWith(`/api/rooms/${CODE}`, expect.objectContaining({ method: "GET" }));
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Your name"), "Cy{Enter}");
  expect(joinRoomMock).not.toHaveBeenCalled();
  expect(field).toHaveAccessibleDescription(expect.stringContaining("Enter the passphrase.") as string);
});

test("owner notices show as text, never as markup, with the owner's badge in the list", async () => {
  localStorage.setItem("roomchat:name", "Bea");
  const notices = [{ id: "1", text: "<img src=x onerror=alert(1)> locked the room", afterSeq: 0, at: "2026-01-01T00:00:00.000Z" }];
  const owner = "<img src=x onerror=alert(1)>";
  joinRoomMock.mockResolvedValue(fakeSession({ ...joined, notices, members: [{ name: owner }, { name: "Bea" }], room: roomState({ owner }) }));
  render(<RoomScreen code={CODE} />);
  const log = await screen.findByRole("log", { name: "Conversation" });
  expect(within(log).getByText(/^<img src=x onerror=alert\(1\)> locked the room/)).toBeInTheDocument();
  const members = within(screen.getByRole("complementary"));
  expect(members.getByText(owner).closest("li")).toHaveTextContent("owner");
  expect(members.getByText("Bea").closest("li")).not.toHaveTextContent("owner");
  expect(document.querySelector("img[src=x]")).toBeNull();
});

test("a newcomer who types a name into a locked room gets the page, not a form to try again", async () => {
  joinRoomMock.mockRejectedValue(refusal("room_locked"));
  render(<RoomScreen code={CODE} />);
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText("Your name"), "Cy{Enter}");
  expect(await screen.findByRole("heading", { name: "This room is locked" })).toBeInTheDocument();
  expect(screen.queryByLabelText("Your name")).toBeNull();
});
