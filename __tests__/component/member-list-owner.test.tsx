/** The owner badge everyone sees, and the owner's menu for each other member (keyboard first). */
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemberList } from "@/components/member-list";
import type { Ack, RoomState as RoomControl } from "@/lib/protocol";
import { roomState } from "../fixtures";

const MEMBERS = [{ name: "Ana" }, { name: "Bob" }];

function fakeActions(answer: Ack<RoomControl> = { ok: true, data: roomState() }) {
  return { kick: jest.fn(() => Promise.resolve(answer)), transfer: jest.fn(() => Promise.resolve(answer)) };
}

const entry = (name: string) => screen.getByText(name).closest("li");

test("everyone sees who owns the room, and the room's lifetime", () => {
  render(<MemberList id="m" members={MEMBERS} you={{ name: "Bob" }} owner="Ana" lifetimeHours={720} />);
  expect(entry("Ana")).toHaveTextContent("owner");
  expect(entry("Bob")).not.toHaveTextContent("owner");
  expect(screen.queryByRole("button", { name: /Actions for/ })).toBeNull();
  expect(screen.getByText("This room and its history are deleted 30 days after the last message.")).toBeInTheDocument();
});

test("the owner opens a member's menu from the keyboard and removes them", async () => {
  const actions = fakeActions();
  render(<MemberList id="m" members={MEMBERS} you={{ name: "Ana" }} owner="Ana" ownerActions={actions} />);
  expect(screen.queryByRole("button", { name: "Actions for Ana" })).toBeNull();
  const user = userEvent.setup();
  screen.getByRole("button", { name: "Actions for Bob" }).focus();
  await user.keyboard("{ArrowDown}");
  const menu = within(screen.getByRole("menu"));
  expect(menu.getByRole("menuitem", { name: "Make owner" })).toHaveFocus();
  await user.keyboard("{ArrowDown}{Enter}");
  expect(actions.kick).toHaveBeenCalledWith("Bob");
  expect(actions.transfer).not.toHaveBeenCalled();
  expect(screen.queryByRole("menu")).toBeNull();
  expect(screen.getByRole("button", { name: "Actions for Bob" })).toHaveFocus();
});

test("Make owner hands the room over; a refusal is explained", async () => {
  const actions = fakeActions({ ok: false, error: { code: "member_not_found", message: "gone" } });
  render(<MemberList id="m" members={MEMBERS} you={{ name: "Ana" }} owner="Ana" ownerActions={actions} />);
  const user = userEvent.setup();
  await user.click(screen.getByRole("button", { name: "Actions for Bob" }));
  await user.click(screen.getByRole("menuitem", { name: "Make owner" }));
  expect(actions.transfer).toHaveBeenCalledWith("Bob");
  expect(await screen.findByRole("alert")).toHaveTextContent("Nobody in this room has that name.");
});
