// The database the e2e server runs on: SQLite's file in the artifacts folder, or (E2E_DATABASE=postgres)
// a database in a throwaway PostgreSQL cluster started for this run. Where it is goes to a JSON record
// the specs read (test/e2e/fixtures/app-db.ts): they run in other processes, and the cluster's port is
// only known once it is up.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startPostgresCluster } from "../support/postgres-cluster";
import { e2eSettings as s } from "./settings";

export type DatabaseRecord = { engine: "sqlite"; path: string } | { engine: "postgres"; url: string };

export type ServedDatabase = {
  record: DatabaseRecord;
  /** What the server's environment gets: DATABASE_URL on PostgreSQL, DATABASE_PATH on SQLite. */
  env: { DATABASE_URL?: string; DATABASE_PATH?: string };
  stop: () => void;
};

const DATABASE = "pushboard_e2e";

/**
 * If this process dies without running its exit handlers (SIGKILL, a crash in Node itself), a detached
 * watcher stops the cluster: pg_ctl detaches the postmaster from our process group, so nothing else
 * would, and a forgotten cluster keeps its port and memory until the machine restarts.
 */
function stopClusterWhenGone(dir: string) {
  const watcher = `
    const { readFileSync, rmSync } = require("node:fs");
    const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (alive(${process.pid})) return;
      clearInterval(timer);
      try { process.kill(Number(readFileSync(${JSON.stringify(path.join(dir, "data", "postmaster.pid"))}, "utf8").split("\\n")[0]), "SIGQUIT"); } catch {}
      setTimeout(() => rmSync(${JSON.stringify(dir)}, { recursive: true, force: true }), 2000);
    }, 1000);`;
  spawn(process.execPath, ["-e", watcher], { detached: true, stdio: "ignore" }).unref();
}

export async function serveDatabase(): Promise<ServedDatabase> {
  if (s.engine === "sqlite") {
    const record: DatabaseRecord = { engine: "sqlite", path: s.databasePath };
    writeFileSync(s.databaseRecord, JSON.stringify(record));
    return { record, env: { DATABASE_PATH: s.databasePath }, stop: () => {} };
  }
  const cluster = await startPostgresCluster();
  stopClusterWhenGone(cluster.dir);
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  const url = cluster.url.replace(/\/[^/]*$/, `/${DATABASE}`);
  const record: DatabaseRecord = { engine: "postgres", url };
  writeFileSync(s.databaseRecord, JSON.stringify(record));
  console.log(`[e2e] PostgreSQL cluster in ${cluster.dir}, database ${url}`);
  return { record, env: { DATABASE_URL: url }, stop: cluster.stop };
}
