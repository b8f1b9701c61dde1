// The database, its -wal/-shm and its backups hold every secret Pushboard has: real files in a temp dir
// prove they are 0600 in folders we create 0700, and that files an older version left 0644 are tightened.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { backupDatabase, prepareDefaultBackupPath } from "@/lib/db/backup";

const mode = (file: string) => statSync(file).mode & 0o777;

// the usual umask, which lets SQLite create 0644 files: what the code must overcome
let savedUmask: number;
beforeAll(() => {
  savedUmask = process.umask(0o022);
});
afterAll(() => {
  process.umask(savedUmask);
});

let dir: string;
const open: Db[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pushboard-perms-"));
});
afterEach(() => {
  for (const db of open.splice(0)) db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

function openMigrated(file: string): Db {
  const db = openDatabase(file);
  open.push(db);
  migrateDatabase(db);
  return db;
}

describe("openDatabase", () => {
  it("creates the database, its -wal and -shm 0600 in new folders 0700", () => {
    const file = path.join(dir, "data", "nested", "pushboard.db");
    const db = openMigrated(file);
    db.$client.exec("create table probe (x); insert into probe values (1)");

    expect(existsSync(`${file}-wal`)).toBe(true);
    expect(existsSync(`${file}-shm`)).toBe(true);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    expect(mode(path.join(dir, "data"))).toBe(0o700);
    expect(mode(path.join(dir, "data", "nested"))).toBe(0o700);
  });

  it("leaves an existing folder's mode alone", () => {
    const parent = path.join(dir, "shared");
    mkdirSync(parent, { mode: 0o755 });
    openMigrated(path.join(parent, "pushboard.db"));
    expect(mode(parent)).toBe(0o755);
  });

  it("tightens an existing 0644 database and its -wal/-shm on open", () => {
    const file = path.join(dir, "old.db");
    // an older version's files: a live WAL connection keeps -wal and -shm on disk, all of them 0644
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    old.exec("create table t (x); insert into t values (1)");
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    try {
      openMigrated(file);
      expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    } finally {
      old.close();
    }
  });
});

describe("backups", () => {
  it("writes the copy 0600 into a backups/ folder created 0700", async () => {
    const source = path.join(dir, "pushboard.db");
    openMigrated(source);
    const target = prepareDefaultBackupPath(source, new Date("2026-01-02T03:04:05Z"));

    const result = await backupDatabase({ source, target });

    expect(mode(path.dirname(target))).toBe(0o700);
    // the copy is the renamed ".partial" file, so its mode is the one the partial was written with
    expect(mode(result.target)).toBe(0o600);
    expect(existsSync(`${target}.partial`)).toBe(false);
  });

  it("replaces a 0644 target (--force) with a 0600 copy", async () => {
    const source = path.join(dir, "pushboard.db");
    openMigrated(source);
    const target = path.join(dir, "copy.db");
    writeFileSync(target, "");
    chmodSync(target, 0o644);

    await backupDatabase({ source, target, force: true });

    expect(mode(target)).toBe(0o600);
  });

  it("tightens a 0644 source it opens", async () => {
    const source = path.join(dir, "pushboard.db");
    openMigrated(source);
    chmodSync(source, 0o644);

    await backupDatabase({ source, target: path.join(dir, "copy.db") });

    expect(mode(source)).toBe(0o600);
  });
});
