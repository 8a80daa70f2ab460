/**
 * The database holds every message: only the server's own user may read it. SQLite creates a new
 * database file with mode 0644 (less the umask), so the file is created here first, empty (SQLite takes
 * an empty file for a new database), with 0600; its -wal and -shm files then follow: SQLite's unix VFS
 * gives them the database file's mode (https://www.sqlite.org/src/file?name=src/os_unix.c, findCreateFileMode).
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from "node:fs";
import path from "node:path";

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIRECTORY = 0o700;
const GROUP_AND_OTHERS = 0o077;

/**
 * Creates the database's directories (0700) and file (0600) if missing, and takes group and others'
 * rights off an existing database file and its -wal and -shm files, which older versions created 0644.
 * Only off files the server's user owns: one that another user owns and lends the server through its
 * group is the operator's arrangement (and chmod would fail on it anyway).
 * An existing directory is left as it is: it may be a mounted volume or a directory the operator
 * shares on purpose (with a backup group, say), and with the files 0600 a listing shows only their names.
 */
export function secureDatabaseFiles(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: OWNER_ONLY_DIRECTORY });
  closeSync(openSync(file, "a", OWNER_ONLY_FILE));
  for (const candidate of [file, `${file}-wal`, `${file}-shm`]) {
    let stats: { mode: number; uid: number };
    try {
      stats = statSync(candidate);
    } catch {
      continue; // no -wal or -shm while no connection has the database open
    }
    const owned = stats.uid === process.getuid?.();
    if (owned && (stats.mode & GROUP_AND_OTHERS) !== 0) chmodSync(candidate, stats.mode & 0o777 & ~GROUP_AND_OTHERS);
  }
}
