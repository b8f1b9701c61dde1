// db:backup's copy while another connection keeps writing: the copy opens on its own, passes
// integrity_check, and shows one consistent moment (a counter and the rows it counts agree).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { migrateDatabase, openDatabase, type Db } from "@/lib/db/client";
import { backupDatabase, BackupError, defaultBackupPath } from "@/lib/db/backup";
import { insertCampaign, insertSubscriptions } from "@/test/support/engine-factories";

let dir: string;
let file: string;
let db: Db;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "pushboard-backup-"));
  file = path.join(dir, "pushboard.db");
  db = openDatabase(file);
  migrateDatabase(db);
});

afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

// Each transaction adds a subscription, its delivery, and bumps the campaign's targeted counter.
const WRITER = `
const Database = require("better-sqlite3");
const { workerData, parentPort } = require("node:worker_threads");
const db = new Database(workerData.file);
db.pragma("busy_timeout = 10000");
const addSubscription = db.prepare("insert into subscriptions (endpoint, p256dh, auth, push_service, push_host, vapid_public_key, created_at, updated_at) values (?, 'k', 'a', 'other', 'push.test.example', 'v', 1, 1) returning id");
const addDelivery = db.prepare("insert into deliveries (campaign_id, subscription_id, receipt_token, created_at, updated_at) values (?, ?, ?, 1, 1)");
const bump = db.prepare("update campaigns set targeted_count = targeted_count + 1 where id = ?");
const write = db.transaction((n) => {
  const { id } = addSubscription.get("https://push.test.example/w/" + n);
  addDelivery.run(workerData.campaignId, id, "w" + n);
  bump.run(workerData.campaignId);
});
const commits = [];
let n = 0;
const stopAt = Date.now() + workerData.ms;
parentPort.postMessage({ started: true });
while (Date.now() < stopAt) { write(n++); commits.push(Date.now()); }
db.close();
parentPort.postMessage({ commits });
`;

describe("backupDatabase", () => {
  it("copies a consistent moment while another connection keeps writing", async () => {
    const campaignId = insertCampaign(db);
    insertSubscriptions(db, { count: 60_000 }); // some megabytes, so the copy takes a while
    const writer = new Worker(WRITER, { eval: true, workerData: { file, campaignId, ms: 1_500 } });
    const result = new Promise<{ commits: number[] }>((resolve, reject) => {
      writer.on("message", (m: { commits?: number[] }) => m.commits && resolve({ commits: m.commits }));
      writer.on("error", reject);
    });
    await new Promise<void>((resolve) => writer.once("message", () => resolve()));
    await new Promise((r) => setTimeout(r, 200));

    const started = Date.now();
    const target = path.join(dir, "copy.db");
    const backup = await backupDatabase({ source: file, target });
    const finished = Date.now();
    const { commits } = await result;

    // the writer really was committing while the copy was made
    expect(commits.filter((at) => at >= started && at <= finished).length).toBeGreaterThan(0);
    expect(backup.bytes).toBeGreaterThan(1_000_000);
    expect(readdirSync(dir).filter((f) => f.startsWith("copy"))).toEqual(["copy.db"]);

    const copy = new Database(target, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const targeted = copy
        .prepare("select targeted_count from campaigns where id = ?")
        .pluck()
        .get(campaignId) as number;
      const deliveries = copy
        .prepare("select count(*) from deliveries where campaign_id = ?")
        .pluck()
        .get(campaignId) as number;
      const written = copy
        .prepare("select count(*) from subscriptions where endpoint like 'https://push.test.example/w/%'")
        .pluck()
        .get() as number;
      expect(targeted).toBe(deliveries);
      expect(written).toBe(deliveries);
      expect(deliveries).toBeGreaterThan(0);
      expect(deliveries).toBeLessThan(commits.length); // a moment during the run, not after it
      expect(backup.counts.deliveries).toBe(deliveries);
      expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    } finally {
      copy.close();
    }
  });

  it("refuses to overwrite a file unless forced, and replaces it when forced", async () => {
    const target = path.join(dir, "copy.db");
    writeFileSync(target, "not a database");
    await expect(backupDatabase({ source: file, target })).rejects.toThrow(/already exists; pass --force/);
    await backupDatabase({ source: file, target, force: true });
    const copy = new Database(target, { readonly: true });
    expect(copy.prepare("select count(*) from campaigns").pluck().get()).toBe(0);
    copy.close();
  });

  it("explains a missing database, a missing folder and a target that is the database", async () => {
    await expect(backupDatabase({ source: path.join(dir, "nope.db"), target: path.join(dir, "x.db") })).rejects.toThrow(
      /No database at/,
    );
    expect(existsSync(path.join(dir, "nope.db"))).toBe(false);
    await expect(backupDatabase({ source: file, target: path.join(dir, "missing", "x.db") })).rejects.toThrow(
      /folder .* does not exist/,
    );
    await expect(backupDatabase({ source: file, target: path.join(file, "x.db") })).rejects.toThrow(BackupError);
    await expect(backupDatabase({ source: file, target: file, force: true })).rejects.toThrow(/is the database itself/);
  });

  it("names default copies by UTC time in a backups folder beside the database", () => {
    expect(defaultBackupPath("/srv/data/pushboard.db", new Date("2026-03-04T05:06:07.890Z"))).toBe(
      "/srv/data/backups/pushboard-20260304-050607.db",
    );
  });
});
