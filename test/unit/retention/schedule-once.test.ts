// Retention runs once per period however many sender processes there are, on any machines sharing one
// database: each claims the period in the database first (lib/settings/periodic-run.ts).
import { spawn } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/app-db";
import { SETTING_KEYS } from "@/lib/settings/keys";
import { claimPeriodicRun } from "@/lib/settings/periodic-run";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { DAY, rowsOf, sentCampaign, sharedDatabase, type SharedDatabase } from "./fixtures";

const HOUR = 3_600_000;
const now = Date.parse("2030-06-01T12:00:00Z");
const at = (ms: number) => new Date(now + ms);
/** When process i wakes in a round: 0–114 s into the period, sometimes first, sometimes second. */
const wokeAfter = (round: number, i: number) => ((round * 7 + i * 13) % 20) * 6_000;

type ProcessResult = { ran: boolean; deliveries?: number };

function runProcess(env: Record<string, string>): Promise<ProcessResult> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(process.cwd(), "test/support/retention-process.ts")],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) =>
    child.once("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(output.trim().split("\n").at(-1)!) as ProcessResult);
      } catch (error) {
        reject(new Error(`retention process failed (${String(error)}): ${output}`));
      }
    }),
  );
}

async function lastRun(db: Db, key: string): Promise<unknown> {
  const { settings } = db.tables;
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value;
}

describe.each(ENGINES)("claimPeriodicRun on %s", (engine) => {
  const test = useTestDb(engine);
  let shared: SharedDatabase | null = null;
  afterEach(async () => {
    await shared?.close();
    shared = null;
  });

  it("gives each period to one claimant and the next period to whoever comes first", async () => {
    const db = test.db;
    expect(await claimPeriodicRun(db, "job", "a", HOUR, at(0))).toBe(true);
    expect(await claimPeriodicRun(db, "job", "b", HOUR, at(1))).toBe(false);
    expect(await claimPeriodicRun(db, "job", "a", HOUR, at(30 * 60_000))).toBe(false);
    // a timer firing a little early still finds its period due
    expect(await claimPeriodicRun(db, "job", "b", HOUR, at(HOUR - 60_000))).toBe(true);
    expect(await claimPeriodicRun(db, "job", "a", HOUR, at(HOUR))).toBe(false);
    expect(await claimPeriodicRun(db, "other-job", "a", HOUR, at(HOUR))).toBe(true);
    expect(await lastRun(db, "job")).toEqual({ at: now + HOUR - 60_000, by: "b" });
    // due at nine tenths of a period to the millisecond, not one before
    expect(await claimPeriodicRun(db, "job", "a", HOUR, at(HOUR - 60_000 + 0.9 * HOUR - 1))).toBe(false);
    expect(await claimPeriodicRun(db, "job", "a", HOUR, at(HOUR - 60_000 + 0.9 * HOUR))).toBe(true);
  });

  it("gives each period to exactly one of two processes waking together, round after round", async () => {
    // two connections (SQLite) or two pools (PostgreSQL) on one database, as two sender processes have
    shared = sharedDatabase(engine, test.url);
    const processes = [shared.open(), shared.open()];
    const rounds = 40;
    const winners: string[] = [];
    for (let round = 0; round < rounds; round++) {
      // each wakes at its own moment early in the period, in either order
      const claims = await Promise.all(
        processes.map((db, i) =>
          claimPeriodicRun(db, SETTING_KEYS.retentionLastRun, `p${i}`, HOUR, at(round * HOUR + wokeAfter(round, i))),
        ),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      winners.push(`p${claims.indexOf(true)}`);
      expect(await lastRun(processes[0]!, SETTING_KEYS.retentionLastRun)).toMatchObject({ by: winners.at(-1) });
    }
    expect(winners).toHaveLength(rounds);
  });

  it("trims once with two sender processes: one runs it, the other finds the period claimed", async () => {
    shared = sharedDatabase(engine, test.url);
    const db = shared.open();
    const campaignId = await sentCampaign(db, now - 120 * DAY, 5);

    const env = { ...shared.processEnv, RETENTION_NOW: String(now) };
    const results = await Promise.all([
      runProcess({ ...env, PROCESS_NAME: "first" }),
      runProcess({ ...env, PROCESS_NAME: "second" }),
    ]);
    expect(results.filter((r) => r.ran)).toEqual([{ ran: true, deliveries: 5 }]);
    expect(results.filter((r) => !r.ran)).toHaveLength(1);
    expect((await rowsOf(db, campaignId)).deliveries).toBe(0);
  }, 30_000);
});
