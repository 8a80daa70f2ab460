/**
 * One heavy answer (a catch-up page) at a time per connection, and the next only once the previous
 * one has left the server. Without it a client could ask for page after page without reading them:
 * issue 15 saw 150 such requests make the server buffer 244 MB for one socket.
 *
 * "Left the server" is the WebSocket transport's own signal: Engine.IO marks it unwritable while a
 * write is in progress and emits "drain" when the network has taken all of it (the write's callback),
 * so a peer that stops reading keeps the gate closed, and its requests are refused `rate_limited`
 * (counted towards the flood disconnect) instead of answered. The long-polling fallback holds its
 * packets until the client's next poll, which is its own back-pressure: there the gate reopens at once.
 */
import { DomainError } from "../errors";
import type { ChatSocket } from "./types";

/** What a refused client is told to wait: long enough for a page to cross a slow link. */
const RETRY_AFTER_MS = 500;

export interface OutputGate {
  /** Takes the gate, or refuses `rate_limited` while the previous answer is still being written. */
  claim(): Promise<void>;
  /** Reopens the gate once the answer acknowledged in this turn has been written out. */
  releaseAfterWrite(): void;
}

export function createOutputGate(socket: ChatSocket): OutputGate {
  let busy = false;
  return {
    claim() {
      if (busy) return Promise.reject(new DomainError("rate_limited", "The previous page has not reached you yet.", RETRY_AFTER_MS));
      busy = true;
      return Promise.resolve();
    },
    releaseAfterWrite() {
      // The caller acknowledges right after this returns, and the turn's packets go to the transport at
      // its end (coalesce-writes.ts): look once they have.
      setImmediate(() => {
        const transport = socket.conn.transport;
        if (transport.name !== "websocket" || transport.writable) {
          busy = false;
          return;
        }
        const release = () => {
          busy = false;
          transport.off("drain", release);
          transport.off("close", release);
        };
        transport.on("drain", release);
        transport.on("close", release);
      });
    },
  };
}
