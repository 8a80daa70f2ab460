/**
 * Which database errors mean "the server cannot write right now" (a full disk, a failing one) rather than
 * a bug. Those are answered `unavailable`, which tells a client to come back later, instead of `internal`;
 * and they turn readiness red (storage-health.ts) until a write succeeds again.
 */
import { DomainError } from "../errors";

/**
 * SQLite (better-sqlite3's `code`): SQLITE_FULL is a full disk or the SQLITE_MAX_SIZE_MB cap
 * (https://www.sqlite.org/rescode.html#full); every SQLITE_IOERR_* is a failed read, write or fsync.
 */
const SQLITE_PREFIXES = ["SQLITE_FULL", "SQLITE_IOERR"];
/** Node's own file system calls (creating the data directory and securing its files, data-files.ts). */
const ERRNO_CODES = new Set(["ENOSPC", "EIO", "EDQUOT"]);
/**
 * PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/15/errcodes-appendix.html): 53000
 * insufficient_resources, 53100 disk_full, 58030 io_error.
 */
const POSTGRES_CODES = new Set(["53000", "53100", "58030"]);

/** How many `cause` links to follow: Kysely and the drivers wrap errors at most once or twice. */
const MAX_CAUSES = 4;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** True for an error (or one of its causes) that says the storage is full or failing. */
export function isStorageFailure(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth <= MAX_CAUSES && current !== undefined && current !== null; depth += 1) {
    const code = codeOf(current);
    if (code !== undefined) {
      if (SQLITE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
      if (ERRNO_CODES.has(code) || POSTGRES_CODES.has(code)) return true;
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

/** What a sender or room creator is told; the cause itself goes to the log only. */
export function storageUnavailable(): DomainError {
  return new DomainError("unavailable", "The server cannot store anything right now (its storage is full or failing). Try again later.");
}
