/**
 * Creating a room with a lifetime and a passphrase: the form sends what the creator chose, and the
 * browser keeps the owner key (localStorage) and the passphrase (this tab's sessionStorage) that the
 * handshake and the HTTP reads then carry. fetch is the edge: the real createRoom runs.
 */
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useRouter } from "next/navigation";
import { HomeForm } from "@/components/home-form";
import { createRoom } from "@/lib/client/api";
import { joinRoom } from "@/lib/client/join-room";
import { loadOwnerKey, loadPassphrase, passphraseHeader } from "@/lib/client/room-keys";
import type { RoomSession } from "@/lib/client/room-session";
import { fakeResponse } from "./fake-response";

jest.mock("next/navigation", () => ({ useRouter: jest.fn() }));
jest.mock("@/lib/client/join-room", () => ({ joinRoom: jest.fn() }));

const fetchMock = jest.fn();
const push = jest.fn();

beforeEach(() => {
  jest.resetAllMocks();
  localStorage.clear();
  sessionStorage.clear();
  global.fetch = fetchMock;
  jest.mocked(useRouter).mockReturnValue({ push } as unknown as ReturnType<typeof useRouter>);
  jest.mocked(joinRoom).mockImplementation((code) => Promise.resolve({ code } as unknown as RoomSession));
  fetchMock.mockResolvedValue(fakeResponse({ code: "KLMNPQRST", ownerKey: "k".repeat(43), lifetimeHours: 24 }, { status: 201 }));
});

function sentBody(): unknown {
  const init = fetchMock.mock.calls[0]?.[1] as RequestInit | undefined;
  return JSON.parse(String(init?.body));
}

test("the form offers the lifetimes, 7 days chosen, and sends that without a passphrase", async () => {
  render(<HomeForm />);
  const select = screen.getByLabelText("Delete the room after");
  expect(Array.from((select as HTMLSelectElement).options, (option) => option.text)).toEqual(["1 hour", "1 day", "7 days", "30 days"]);
  expect(select).toHaveDisplayValue("7 days");
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Your name"), "Ana");
  await user.click(screen.getByRole("button", { name: "Create room" }));

  await waitFor(() => expect(push).toHaveBeenCalledWith("/room/KLM-NPQ-RST"));
  expect(fetchMock).toHaveBeenCalledWith("/api/rooms", expect.objectContaining({ method: "POST" }));
  expect(sentBody()).toEqual({ lifetimeHours: 168 });
  expect(loadOwnerKey("KLMNPQRST")).toBe("k".repeat(43));
  expect(loadPassphrase("KLMNPQRST")).toBeNull();
});

test("a chosen lifetime and passphrase are sent, and the tab keeps the passphrase", async () => {
  render(<HomeForm />);
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Your name"), "Ana");
  await user.selectOptions(screen.getByLabelText("Delete the room after"), "1 day");
  await user.type(screen.getByLabelText("Passphrase (optional)"), "blue heron");
  await user.click(screen.getByRole("button", { name: "Create room" }));

  await waitFor(() => expect(push).toHaveBeenCalled());
  expect(sentBody()).toEqual({ lifetimeHours: 24, passphrase: "blue heron" });
  expect(jest.mocked(joinRoom)).toHaveBeenCalledWith("KLMNPQRST", "Ana");
  expect(sessionStorage.getItem("roomchat:passphrase:KLMNPQRST")).toBe("blue heron");
  expect(localStorage.getItem("roomchat:passphrase:KLMNPQRST")).toBeNull();
});

test("the passphrase header is URI-encoded, since a header holds Latin-1 only", async () => {
  await createRoom({ passphrase: "пароль 🔑" });
  expect(passphraseHeader("KLMNPQRST")).toEqual({ "x-room-passphrase": encodeURIComponent("пароль 🔑") });
  expect(passphraseHeader("ABCDEFGHJ")).toEqual({});
});
