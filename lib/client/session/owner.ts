/**
 * The room's control (issue 19): what the room's state and its owner's actions do to this browser,
 * and the owner's actions themselves. Every action is acknowledged with the room's new state; the
 * notice comes with the room:updated broadcast that everyone, the owner included, receives.
 */
import { nameKey, type Ack, type ApiError, type RoomLifetimeHours, type RoomState as RoomControl, type RoomUpdate } from "../../protocol";
import { saveOwnerKey, savePassphrase } from "../room-keys";
import type { ChatClientSocket } from "./connection";
import type { RoomStore } from "./room-store";

/** The handshake's auth, kept by the socket and read again at every reconnect: a new owner key goes here. */
export interface OwnerAuth {
  ownerKey?: string;
}

const NO_ANSWER: ApiError = { code: "internal", message: "The server did not answer. Check your connection and try again." };

export class OwnerControls {
  constructor(
    private readonly socket: Pick<ChatClientSocket, "on" | "timeout">,
    private readonly store: RoomStore,
    private readonly code: string,
    private readonly auth: OwnerAuth,
    private readonly ackTimeoutMs: number,
  ) {
    socket.on("room:updated", (update) => this.updated(update));
  }

  /** Whether this browser's member is the room's owner, as the room last said. */
  isOwner(): boolean {
    const { room, you } = this.store.getSnapshot();
    return room?.owner != null && you !== null && nameKey(room.owner) === nameKey(you.name);
  }

  kick(name: string): Promise<Ack<RoomControl>> {
    return this.act(() => this.emit().emitWithAck("room:kick", { name }));
  }

  unkick(name: string): Promise<Ack<RoomControl>> {
    return this.act(() => this.emit().emitWithAck("room:unkick", { name }));
  }

  lock(locked: boolean): Promise<Ack<RoomControl>> {
    return this.act(() => this.emit().emitWithAck("room:lock", { locked }));
  }

  /** Sets (or, with null, clears) the passphrase; this tab keeps it for its transcript downloads. */
  async setPassphrase(passphrase: string | null): Promise<Ack<RoomControl>> {
    const result = await this.act(() => this.emit().emitWithAck("room:passphrase", { passphrase }));
    if (result.ok) savePassphrase(this.code, passphrase);
    return result;
  }

  transfer(name: string): Promise<Ack<RoomControl>> {
    return this.act(() => this.emit().emitWithAck("room:transfer", { name }));
  }

  setLifetime(lifetimeHours: RoomLifetimeHours): Promise<Ack<RoomControl>> {
    return this.act(() => this.emit().emitWithAck("room:lifetime", { lifetimeHours }));
  }

  async end(): Promise<Ack<null>> {
    return this.emit()
      .emitWithAck("room:end", {})
      .catch((): Ack<null> => ({ ok: false, error: NO_ANSWER }));
  }

  private emit() {
    return this.socket.timeout(this.ackTimeoutMs);
  }

  /** Applies the acknowledged state at once (the broadcast brings the same, and the notice). */
  private async act(request: () => Promise<Ack<RoomControl>>): Promise<Ack<RoomControl>> {
    const result = await request().catch((): Ack<RoomControl> => ({ ok: false, error: NO_ANSWER }));
    if (result.ok) this.store.roomChanged(result.data);
    return result;
  }

  private updated({ room, action }: RoomUpdate): void {
    this.store.roomChanged(room, action);
    if (action?.kind !== "transferred") return;
    // A transfer voids the owner key: the new owner asks for one of its own, the old one forgets it.
    if (this.isOwner()) void this.claimKey();
    else if (this.auth.ownerKey !== undefined) {
      delete this.auth.ownerKey;
      saveOwnerKey(this.code, null);
    }
  }

  private async claimKey(): Promise<void> {
    const result = await this.emit()
      .emitWithAck("room:ownerKey", {})
      .catch(() => null);
    if (result?.ok !== true) return;
    this.auth.ownerKey = result.data.ownerKey;
    saveOwnerKey(this.code, result.data.ownerKey);
  }
}
