/**
 * The room menu: everyone sees the lifetime and can download the transcript; the owner also gets the
 * room's controls. Real components; the owner's actions are recorded fakes, fetch is the edge.
 */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RoomMenu } from "@/components/room-menu";
import type { OwnerActions } from "@/components/use-owner-action";
import type { Ack, RoomState as RoomControl } from "@/lib/protocol";
import { roomState } from "../fixtures";
import { fakeResponse } from "./fake-response";

const CODE = "ABCDEFGHJ";
const fetchMock = jest.fn();

function fakeActions(answer: Ack<RoomControl> = { ok: true, data: roomState() }) {
  const ok = () => jest.fn(() => Promise.resolve(answer));
  return { kick: ok(), unkick: ok(), lock: ok(), setPassphrase: ok(), transfer: ok(), setLifetime: ok(), end: jest.fn(() => Promise.resolve({ ok: true, data: null } as Ack<null>)) } satisfies OwnerActions;
}

beforeEach(() => {
  fetchMock.mockReset();
  sessionStorage.clear();
  global.fetch = fetchMock;
  URL.createObjectURL = jest.fn(() => "blob:transcript");
  URL.revokeObjectURL = jest.fn();
});

async function openMenu(room: RoomControl, actions: OwnerActions | null) {
  render(<RoomMenu code={CODE} room={room} ownerActions={actions} />);
  const user = userEvent.setup();
  await user.click(screen.getByRole("button", { name: "Room menu" }));
  return { user, dialog: within(screen.getByRole("dialog")) };
}

test("opens from the keyboard, starts inside, and Escape closes it with focus back on its button", async () => {
  render(<RoomMenu code={CODE} room={roomState()} ownerActions={null} />);
  const user = userEvent.setup();
  const button = screen.getByRole("button", { name: "Room menu" });
  button.focus();
  await user.keyboard("{Enter}");
  expect(button).toHaveAttribute("aria-expanded", "true");
  expect(screen.getByRole("dialog")).toContainElement(document.activeElement as HTMLElement);
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(button).toHaveFocus();
});

test("a member who is not the owner sees the lifetime and the transcript, and no controls", async () => {
  const { dialog } = await openMenu(roomState({ lifetimeHours: 1 }), null);
  expect(dialog.getByText("This room and its history are deleted 1 hour after the last message.")).toBeInTheDocument();
  expect(dialog.getByRole("button", { name: "Markdown" })).toBeInTheDocument();
  expect(dialog.queryByRole("button", { name: /lock room/i })).toBeNull();
  expect(dialog.queryByRole("button", { name: "End room" })).toBeNull();
});

test("Download transcript fetches it with this browser's member token and this tab's passphrase, and saves it under the server's name", async () => {
  sessionStorage.setItem(`roomchat:passphrase:${CODE}`, "blue heron");
  fetchMock.mockResolvedValue(fakeResponse("# Room", { headers: { "content-disposition": 'attachment; filename="room-ABC-DEF-GHJ.md"' } }));
  const clicked: string[] = [];
  jest.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push(this.download);
  });
  const { user, dialog } = await openMenu(roomState(), null);
  await user.click(dialog.getByRole("button", { name: "Markdown" }));

  const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
  expect(url).toMatch(new RegExp(`^/api/rooms/${CODE}/transcript\\?format=md&tz=`));
  expect(init.headers).toEqual({ "x-member-token": localStorage.getItem("roomchat:memberToken"), "x-room-passphrase": "blue%20heron" });
  expect(localStorage.getItem("roomchat:memberToken")).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  expect(clicked).toEqual(["room-ABC-DEF-GHJ.md"]);
});

test("a refused download says why in plain words", async () => {
  fetchMock.mockResolvedValue(fakeResponse({ error: { code: "passphrase_required", message: "x" } }, { status: 401 }));
  const { user, dialog } = await openMenu(roomState(), null);
  await user.click(dialog.getByRole("button", { name: "JSON" }));
  expect(await dialog.findByRole("alert")).toHaveTextContent("This room needs a passphrase");
});

test("the owner locks, sets the passphrase, changes the lifetime and lets a member back in", async () => {
  const actions = fakeActions();
  const { user, dialog } = await openMenu(roomState({ kicked: ["Bob"] }), actions);
  await user.click(dialog.getByRole("button", { name: "Lock room" }));
  expect(actions.lock).toHaveBeenCalledWith(true);
  await user.type(dialog.getByLabelText("Passphrase"), "blue heron{Enter}");
  expect(actions.setPassphrase).toHaveBeenCalledWith("blue heron");
  expect(dialog.getByLabelText("Passphrase")).toHaveValue("");
  await user.selectOptions(dialog.getByLabelText("Delete the room after"), "30 days");
  expect(actions.setLifetime).toHaveBeenCalledWith(720);
  await user.click(dialog.getByRole("button", { name: "Let Bob back in" }));
  expect(actions.unkick).toHaveBeenCalledWith("Bob");
});

test("a locked room with a passphrase offers Unlock and Remove passphrase", async () => {
  const actions = fakeActions();
  const { user, dialog } = await openMenu(roomState({ locked: true, hasPassphrase: true }), actions);
  await user.click(dialog.getByRole("button", { name: "Unlock room" }));
  expect(actions.lock).toHaveBeenCalledWith(false);
  await user.click(dialog.getByRole("button", { name: "Remove passphrase" }));
  expect(actions.setPassphrase).toHaveBeenCalledWith(null);
});

test("End room asks first; Cancel ends nothing", async () => {
  const actions = fakeActions();
  const { user, dialog } = await openMenu(roomState(), actions);
  await user.click(dialog.getByRole("button", { name: "End room" }));
  expect(actions.end).not.toHaveBeenCalled();
  expect(dialog.getByRole("button", { name: "End room for everyone" })).toHaveFocus();
  await user.click(dialog.getByRole("button", { name: "Cancel" }));
  expect(dialog.getByRole("button", { name: "End room" })).toHaveFocus();
  await user.click(dialog.getByRole("button", { name: "End room" }));
  await user.click(dialog.getByRole("button", { name: "End room for everyone" }));
  expect(actions.end).toHaveBeenCalledTimes(1);
});

test("a refused action is explained", async () => {
  const actions = fakeActions({ ok: false, error: { code: "forbidden", message: "not the owner" } });
  const { user, dialog } = await openMenu(roomState(), actions);
  await user.click(dialog.getByRole("button", { name: "Lock room" }));
  expect(await dialog.findByRole("alert")).toHaveTextContent("Only the room's owner can do that.");
});
