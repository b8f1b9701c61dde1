// Retention runs once per period however many sender processes there are: each claims the period in the
// database first (lib/settings/periodic-run.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "@/lib/db/client";
import { claimPeriodicRun } from "@/lib/settings/periodic-run";
import { createTestDb } from "@/test/support/db";
import { startedCampaign } from "@/test/support/engine-queue";

const HOUR = 3_600_000;
const now = Date.parse("2030-06-01T12:00:00Z");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function runProcess(env: Record<string, string>): Promise<{ ran: boolean; deliveries?: number }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(process.cwd(), "test/support/retention-process.ts")],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(output.trim().split("\n").at(-1)!) as { ran: boolean; deliveries?: number });
      } catch (error) {
        reject(new Error(`retention process failed (${String(error)}): ${output}`));
      }
    }),
  );
}

describe("claimPeriodicRun", () => {
  it("gives each period to one claimant and the next period to whoever comes first", () => {
    const db = createTestDb();
    const at = (ms: number) => new Date(now + ms);
    expect(claimPeriodicRun(db, "job", "a", HOUR, at(0))).toBe(true);
    expect(claimPeriodicRun(db, "job", "b", HOUR, at(1))).toBe(false);
    expect(claimPeriodicRun(db, "job", "a", HOUR, at(30 * 60_000))).toBe(false);
    // a timer firing a little early still finds its period due
    expect(claimPeriodicRun(db, "job", "b", HOUR, at(HOUR - 60_000))).toBe(true);
    expect(claimPeriodicRun(db, "job", "a", HOUR, at(HOUR))).toBe(false);
    expect(claimPeriodicRun(db, "other-job", "a", HOUR, at(HOUR))).toBe(true);
  });
});

describe("retention with two sender processes", () => {
  it("trims once: one process runs it, the other finds the period claimed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pushboard-retention-"));
    dirs.push(dir);
    const file = path.join(dir, "app.db");
    const db = openDatabase(file);
    migrateDatabase(db);
    const { campaignId } = startedCampaign(db, { now: now - 120 * 86_400_000, hosts: { "push.test.example": 5 } });
    db.$client
      .prepare(`UPDATE campaigns SET status = 'sent', completed_at = ? WHERE id = ?`)
      .run(now - 119 * 86_400_000, campaignId);
    db.$client.close();

    const env = { DATABASE_PATH: file, RETENTION_NOW: String(now) };
    const results = await Promise.all([
      runProcess({ ...env, PROCESS_NAME: "first" }),
      runProcess({ ...env, PROCESS_NAME: "second" }),
    ]);
    expect(results.filter((r) => r.ran)).toEqual([{ ran: true, deliveries: 5 }]);
    expect(results.filter((r) => !r.ran)).toHaveLength(1);
  }, 30_000);
});
