/**
 * The link to the server, and nothing about rooms or messages (like Socket.IO's Manager next to its
 * Sockets): connect, lose it, get it back. Socket.IO's Manager retries lost transports by itself, with
 * its own back-off; it does not retry a handshake the server refused (the socket stays disconnected,
 * https://socket.io/docs/v4/middlewares/#handling-middleware-error), nor a server-side disconnect.
 * Those retries are ours, timed by the reaction table (../error-reactions.ts).
 */
import type { Socket } from "socket.io-client";
import type { ApiError, ClientToServerEvents, ServerToClientEvents } from "../../protocol";
import { handshakeRefusal, isRetried, retryDelay, type RetriedCode } from "../error-reactions";

export type ChatClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "closed";

/** A refused handshake that will be tried again at `at` (epoch ms). */
export interface RetryInfo {
  code: RetriedCode;
  message: string;
  at: number;
}

export interface LinkState {
  status: ConnectionStatus;
  retry: RetryInfo | null;
}

/** The part of a Socket.IO socket that the link drives; unit tests pass a fake. */
export type LinkSocket = Pick<ChatClientSocket, "on" | "connect" | "disconnect" | "connected" | "io">;

export interface ConnectionEvents {
  changed(link: LinkState): void;
  /** The server refused for good (or, before it ever answered, could not be reached): nothing is retried. */
  refused(error: ApiError): void;
}

const UNREACHABLE: ApiError = { code: "internal", message: "Could not reach the server. Check your connection and try again." };

export class Connection {
  private link: LinkState = { status: "connecting", retry: null };
  /** Until the server has answered once, a transport failure ends the attempt: a form waits on it. */
  private answered = false;
  /** session:ended came: the disconnect that follows is final. */
  private ended = false;
  private refusalsInARow = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private unwatchNetwork: () => void = () => undefined;

  constructor(
    private readonly socket: LinkSocket,
    private readonly events: ConnectionEvents,
  ) {
    socket.on("connect", () => {
      this.answered = true;
      this.refusalsInARow = 0;
      this.set({ status: "connected", retry: null });
    });
    socket.on("disconnect", (reason) => this.lost(reason));
    socket.on("connect_error", (error) => this.failed(error));
    socket.on("server:restarting", () => this.set({ status: "reconnecting", retry: null }));
    socket.on("session:ended", () => {
      this.ended = true;
    });
  }

  get state(): LinkState {
    return this.link;
  }

  open(): void {
    this.watchNetwork();
    this.socket.connect();
  }

  close(): void {
    this.cancelRetry();
    this.unwatchNetwork();
    this.socket.disconnect();
    this.set({ status: "closed", retry: null });
  }

  private lost(reason: string): void {
    if (reason === "io client disconnect") return this.set({ status: "closed", retry: null });
    if (this.ended) return this.close();
    this.set({ status: "reconnecting", retry: null });
    // The server closed this socket on purpose (an eviction, a restart): Socket.IO leaves it closed.
    if (reason === "io server disconnect") this.retryIn(retryDelay(++this.refusalsInARow, undefined));
  }

  private failed(error: Error & { data?: unknown }): void {
    const refusal = handshakeRefusal(error);
    if (refusal === null) {
      // A transport failure: the Manager retries it, unless the server was never reached at all.
      if (!this.answered) return this.refuse(UNREACHABLE);
      return this.set({ status: this.waiting(), retry: null });
    }
    this.answered = true;
    if (!isRetried(refusal.code)) return this.refuse(refusal);
    const delay = retryDelay(++this.refusalsInARow, refusal.retryAfterMs);
    this.retryIn(delay, { code: refusal.code, message: refusal.message, at: Date.now() + delay });
  }

  private retryIn(delayMs: number, retry: RetryInfo | null = null): void {
    this.cancelRetry();
    this.set({ status: this.waiting(), retry });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.link.status !== "closed") this.socket.connect();
    }, delayMs);
  }

  /** Not connected for now: still "connecting" if this link never was. */
  private waiting(): ConnectionStatus {
    return this.link.status === "connecting" ? "connecting" : "reconnecting";
  }

  private cancelRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private refuse(error: ApiError): void {
    this.close();
    this.events.refused(error);
  }

  private set(link: LinkState): void {
    this.link = link;
    this.events.changed(link);
  }

  /** Browsers know before Socket.IO's heartbeat does: drop the dead transport, and retry at once when back. */
  private watchNetwork(): void {
    if (typeof window === "undefined") return;
    const offline = () => this.socket.io.engine?.close();
    const online = () => {
      // A refusal's wait is the server's to set; only the Manager's back-off is cut short.
      if (this.socket.connected || this.link.status === "closed" || this.retryTimer !== null) return;
      this.socket.disconnect().connect();
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    this.unwatchNetwork = () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
    };
  }
}
