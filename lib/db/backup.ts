// A consistent copy of the live database with SQLite's online backup API, safe while the web server
// and senders write. The copy is made in ONE backup step: the step reads every page inside one read
// transaction, which in WAL mode never blocks writers, and it cannot be restarted half-way by another
// connection's write (SQLite restarts a multi-step backup whenever the source changes between steps,
// which under steady writes can mean forever). It is written to a ".partial" name, checked, then renamed.
// A backup holds every secret the live database does, so it is 0600 from its first byte (see ./private-files).
import Database from "better-sqlite3";
import { accessSync, constants, existsSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { ensurePrivateDatabaseFiles, ensurePrivateDir, ensurePrivateFile } from "./private-files";

export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "BackupError";
  }
}

export type BackupResult = {
  target: string;
  bytes: number;
  pages: number;
  durationMs: number;
  counts: Record<string, number>;
};

export type BackupOptions = { source: string; target: string; force?: boolean };

/** `<folder of the db>/backups/<name>-YYYYMMDD-HHMMSS.db` in UTC, so names sort by time. */
export function defaultBackupPath(source: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const name = path.basename(source).replace(/\.(db|sqlite3?)$/i, "");
  return path.join(path.dirname(path.resolve(source)), "backups", `${name}-${stamp}.db`);
}

/** The default target, with its backups/ folder created 0700 if it is not there yet. */
export function prepareDefaultBackupPath(source: string, now: Date): string {
  const target = defaultBackupPath(source, now);
  ensurePrivateDir(path.dirname(target));
  return target;
}

function checkTarget(source: string, target: string, force: boolean): void {
  if (path.resolve(target) === path.resolve(source)) throw new BackupError("The backup target is the database itself");
  const dir = path.dirname(path.resolve(target));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new BackupError(`The backup folder ${dir} does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new BackupError(`The backup folder ${dir} is not writable`, { cause: error });
  }
  if (existsSync(target)) {
    if (!force) throw new BackupError(`${target} already exists; pass --force to replace it`);
    if (!statSync(target).isFile()) throw new BackupError(`${target} exists and is not a file`);
  }
}

/**
 * Opens the copy on its own and proves it whole: integrity_check, foreign keys, and a row count per
 * table. It also switches the copy to a rollback journal, so it is one self-contained file (no -wal or
 * -shm beside it); the app turns WAL back on when it opens a restored copy.
 */
export function verifyBackup(file: string): Record<string, number> {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    const integrity = copy.pragma("integrity_check") as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]?.integrity_check !== "ok") {
      throw new BackupError(
        `The copy failed integrity_check: ${integrity
          .map((r) => r.integrity_check)
          .slice(0, 5)
          .join("; ")}`,
      );
    }
    const orphans = (copy.pragma("foreign_key_check") as unknown[]).length;
    if (orphans > 0) throw new BackupError(`The copy has ${orphans} rows whose foreign key points at nothing`);
    const tables = copy
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[];
    return Object.fromEntries(
      tables.map((t) => [
        t,
        copy
          .prepare(`select count(*) from "${t.replaceAll('"', '""')}"`)
          .pluck()
          .get() as number,
      ]),
    );
  } finally {
    copy.close();
  }
}

export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const { source, target } = options;
  if (!existsSync(source))
    throw new BackupError(`No database at ${path.resolve(source)} (set DATABASE_PATH or pass --db)`);
  checkTarget(source, target, options.force ?? false);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const started = performance.now();
  let db: Database.Database;
  try {
    ensurePrivateDatabaseFiles(source);
    db = new Database(source, { fileMustExist: true });
    db.pragma("busy_timeout = 10000");
  } catch (error) {
    throw new BackupError(`Cannot open ${source}: ${(error as Error).message}`, { cause: error });
  }
  try {
    // SQLite would create the copy 0644; an empty file of ours is an empty database it writes into, and
    // its -wal/-shm/-journal during the check copy its mode. The rename keeps the mode for the target.
    ensurePrivateFile(partial);
    // the first transfer only sizes the copy; the callback makes the next one copy every page at once
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    const counts = verifyBackup(partial);
    renameSync(partial, target);
    return {
      target: path.resolve(target),
      bytes: statSync(target).size,
      pages: totalPages,
      durationMs: performance.now() - started,
      counts,
    };
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Backup of ${source} failed: ${(error as Error).message}`, { cause: error });
  } finally {
    db.close();
  }
}
