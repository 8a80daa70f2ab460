/**
 * Everything the pages load after hydration, through loadRealtime(): the room session with
 * socket.io-client, the HTTP client, and the zod schemas that check names before a join. Keeping them
 * out of the pages' first-load JavaScript is the point of this module (docs/performance.md); nothing
 * that renders before hydration may import it, or what it exports, statically.
 */
export { createRoom, fetchRoomInfo } from "./api";
export { joinRoom } from "./join-room";
export { DisplayNameSchema, firstIssue } from "../protocol";
