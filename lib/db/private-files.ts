// The database and its backups hold the VAPID private key, the auth secret, password hashes and every
// subscriber's keys, so they are readable by their owner only: files 0600, folders we create 0700.
// SQLite creates a database with 0644 minus the umask, but it gives -wal, -shm and -journal files the
// main file's own permission bits (unix VFS, findCreateFileMode), so a main file that is 0600 before
// SQLite opens it keeps all of its companions private without touching the process umask.
import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync } from "node:fs";

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** SQLite's companion files of a database, created beside it with its permission bits. */
export const COMPANION_SUFFIXES = ["-wal", "-shm", "-journal"] as const;

/**
 * Creates the folder (and missing parents) 0700. An existing folder, such as a user-chosen /tmp or
 * /var/lib, is left as it is: its permissions are the administrator's choice, not ours.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Creates the file empty with 0600, or brings an existing one to 0600 (installs older than this rule
 * left 0644 files behind). SQLite treats an empty file as an empty database, so this may run before
 * better-sqlite3 opens the path. fchmod as well as the creation mode: the mode only applies to a new
 * file, and a stricter umask could have left it unwritable by its owner.
 */
export function ensurePrivateFile(file: string): void {
  const fd = openSync(file, "a", PRIVATE_FILE_MODE);
  try {
    tighten(file, () => fchmodSync(fd, PRIVATE_FILE_MODE));
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a database file private before SQLite opens it, and any -wal/-shm/-journal an older version
 * left world-readable beside it (SQLite only sets the mode of companions it creates).
 */
export function ensurePrivateDatabaseFiles(file: string): void {
  ensurePrivateFile(file);
  for (const suffix of COMPANION_SUFFIXES) {
    const companion = `${file}${suffix}`;
    tighten(companion, () => chmodSync(companion, PRIVATE_FILE_MODE));
  }
}

/**
 * Only a file's owner may chmod it. A process that can write the database without owning it (a shared
 * group, a backup run as another user) still works as before and is told once what to fix; a companion
 * that is absent, or that the last connection's close just removed, needs nothing.
 */
function tighten(file: string, chmod: () => void): void {
  try {
    chmod();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code !== "EPERM") throw error;
    if (warned.has(file)) return;
    warned.add(file);
    console.warn(`[db] cannot make ${file} private (not its owner): run chmod 600 on it`);
  }
}

const warned = new Set<string>();
