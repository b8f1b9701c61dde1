// A failing migration must leave the database exactly as it was: schema, data and the migrations
// journal. Runs against a copy of the real drizzle/ folder plus migrations written by the test.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { MIGRATIONS_FOLDER, migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { insertCampaign, insertSubscriptions } from "@/test/support/engine-factories";

type Journal = {
  version: string;
  dialect: string;
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
};

// the shipped migrations, before the one each test writes
const SHIPPED = (JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal)
  .entries.length;

let dir: string;
let folder: string;
let db: Db;

function addMigration(tag: string, statements: string[]): void {
  const journalPath = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  const last = journal.entries.at(-1)!;
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 1_000, tag, breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal, null, 2));
  writeFileSync(path.join(folder, `${tag}.sql`), statements.join("\n--> statement-breakpoint\n"));
}

function replaceMigration(tag: string, statements: string[]): void {
  writeFileSync(path.join(folder, `${tag}.sql`), statements.join("\n--> statement-breakpoint\n"));
}

/** Everything a migration could change: the schema, every table's rows, and the journal. */
function snapshot(database: Db) {
  const client = database.$client;
  const schema = client.prepare("select type, name, tbl_name, sql from sqlite_master order by type, name").all();
  const tables = client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .pluck()
    .all() as string[];
  const rows = Object.fromEntries(tables.map((t) => [t, client.prepare(`select * from "${t}" order by rowid`).all()]));
  return { schema, rows, userVersion: client.pragma("user_version", { simple: true }) };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pushboard-migrate-"));
  folder = path.join(dir, "drizzle");
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  db = openDatabase(path.join(dir, "app.db"));
  migrateDatabase(db, folder);
  const campaignId = insertCampaign(db, { title: "Before the upgrade" });
  insertSubscriptions(db, { count: 25 });
  db.$client.prepare("update campaigns set targeted_count = 25 where id = ?").run(campaignId);
});

afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a failing migration", () => {
  it("rolls back its earlier statements and names the migration that failed", () => {
    const before = snapshot(db);
    addMigration("0001_add_things", [
      "CREATE TABLE `things` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL);",
      "ALTER TABLE `campaigns` ADD `archived` integer DEFAULT 0 NOT NULL;",
      "INSERT INTO `things` (`name`) VALUES ('first');",
      "UPDATE `campaigns` SET `title` = 'rewritten';",
      "INSERT INTO `no_such_table` (`x`) VALUES (1);",
    ]);

    expect(() => migrateDatabase(db, folder)).toThrow(
      /0001_add_things.*statement 5 of 5.*no such table: no_such_table/s,
    );
    expect(snapshot(db)).toEqual(before);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("applies once fixed", () => {
    addMigration("0001_add_things", [
      "CREATE TABLE `things` (`id` integer PRIMARY KEY NOT NULL);",
      "SELECT nope FROM nowhere;",
    ]);
    expect(() => migrateDatabase(db, folder)).toThrow(/0001_add_things/);

    replaceMigration("0001_add_things", [
      "CREATE TABLE `things` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL);",
      "ALTER TABLE `campaigns` ADD `archived` integer DEFAULT 0 NOT NULL;",
    ]);
    migrateDatabase(db, folder);
    const columns = db.$client.prepare("select name from pragma_table_info('campaigns')").pluck().all();
    expect(columns).toContain("archived");
    expect(db.$client.prepare("select title, archived from campaigns").all()).toEqual([
      { title: "Before the upgrade", archived: 0 },
    ]);
    expect(db.$client.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(SHIPPED + 1);
    // applied migrations are not applied again
    expect(() => migrateDatabase(db, folder)).not.toThrow();
    expect(db.$client.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(SHIPPED + 1);
  });

  it("takes back every pending migration with it, not only its own statements", () => {
    const before = snapshot(db);
    addMigration("0001_add_things", [
      "CREATE TABLE `things` (`id` integer PRIMARY KEY NOT NULL);",
      "INSERT INTO `things` VALUES (1);",
    ]);
    addMigration("0002_break", ["ALTER TABLE `things` ADD `label` text;", "ALTER TABLE `things` ADD `label` text;"]);

    expect(() => migrateDatabase(db, folder)).toThrow(/0002_break.*statement 2 of 2.*duplicate column name: label/s);
    expect(snapshot(db)).toEqual(before);
  });

  it("does not run cascades while a migration rebuilds a parent table (foreign keys are off during migrations)", () => {
    // drizzle-kit rebuilds a table to change a column: new table, copy, DROP the old one, rename.
    // Dropping `campaigns` with foreign keys on would cascade-delete every delivery and receipt.
    const subscriptionId = db.$client.prepare("select id from subscriptions limit 1").pluck().get();
    db.$client
      .prepare(
        "insert into deliveries (campaign_id, subscription_id, receipt_token, created_at, updated_at) values (1, ?, 'tok', 1, 1)",
      )
      .run(subscriptionId);
    const columns = db.$client
      .prepare("select group_concat('\"' || name || '\"', ', ') from pragma_table_info('campaigns')")
      .pluck()
      .get() as string;
    const createSql = (
      db.$client.prepare("select sql from sqlite_master where name = 'campaigns'").pluck().get() as string
    ).replace(/CREATE TABLE [`"]campaigns[`"]/, "CREATE TABLE `__new_campaigns`");
    addMigration("0001_rebuild_campaigns", [
      "PRAGMA foreign_keys=OFF;",
      createSql,
      `INSERT INTO \`__new_campaigns\`(${columns}) SELECT ${columns} FROM \`campaigns\`;`,
      "DROP TABLE `campaigns`;",
      "ALTER TABLE `__new_campaigns` RENAME TO `campaigns`;",
      "PRAGMA foreign_keys=ON;",
    ]);

    migrateDatabase(db, folder);
    expect(db.$client.prepare("select count(*) from deliveries").pluck().get()).toBe(1);
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("refuses a migration that leaves rows pointing at nothing", () => {
    const before = snapshot(db);
    addMigration("0001_orphan", [
      "DELETE FROM `subscriptions` WHERE 1 = 0;",
      "INSERT INTO `deliveries` (campaign_id, subscription_id, receipt_token, created_at, updated_at) VALUES (999, 999, 'x', 1, 1);",
    ]);
    expect(() => migrateDatabase(db, folder)).toThrow(/0001_orphan.*foreign key/is);
    expect(snapshot(db)).toEqual(before);
  });
});

describe("a failing first migration on a new database", () => {
  it("leaves the file without any table, not even the journal", () => {
    const fresh = openDatabase(path.join(dir, "fresh.db"));
    try {
      addMigration("0001_break", ["SELECT nope FROM nowhere;"]);
      expect(() => migrateDatabase(fresh, folder)).toThrow(/0001_break.*statement 1 of 1/s);
      expect(fresh.$client.prepare("select count(*) from sqlite_master").pluck().get()).toBe(0);
    } finally {
      fresh.$client.close();
    }
  });
});

describe("concurrent start-ups", () => {
  it("skip a migration another process applied while they waited for the write lock", async () => {
    const tag = "0001_add_things";
    const statements = ["CREATE TABLE `things` (`id` integer PRIMARY KEY NOT NULL);"];
    addMigration(tag, statements);
    const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as Journal;
    const when = journal.entries.at(-1)!.when;
    // another process (the worker starting beside the web server) is applying the same migration right now
    const holder = new Worker(
      `const Database = require("better-sqlite3");
       const { workerData, parentPort } = require("node:worker_threads");
       const db = new Database(workerData.file);
       db.exec("BEGIN IMMEDIATE");
       db.exec(workerData.sql);
       parentPort.postMessage("locked");
       setTimeout(() => { db.exec("COMMIT"); db.close(); }, 300);`,
      {
        eval: true,
        workerData: {
          file: path.join(dir, "app.db"),
          sql: `${statements.join("\n")} INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('other', ${when});`,
        },
      },
    );
    await once(holder, "message");
    expect(() => migrateDatabase(db, folder)).not.toThrow();
    await once(holder, "exit");
    expect(db.$client.prepare("select count(*) from __drizzle_migrations").pluck().get()).toBe(SHIPPED + 1);
  });
});
