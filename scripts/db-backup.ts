// npm run db:backup -- [target.db] [--force] [--db FILE]
// A consistent copy of the live database (safe while the app and workers write), checked before it is kept.
import path from "node:path";
import { parseArgs } from "node:util";
import { env } from "../lib/env.mjs";
import { BackupError, backupDatabase, prepareDefaultBackupPath } from "../lib/db/backup";

const USAGE =
  "Usage: npm run db:backup -- [target.db] [--force] [--db FILE]   (default target: backups/ beside the database)";

function fail(message: string): never {
  console.error(`db:backup: ${message}`);
  console.error(USAGE);
  process.exit(1);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      options: { force: { type: "boolean", default: false }, db: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.positionals.length > 1) fail("give at most one target path");
  const source = parsed.values.db ?? env.DATABASE_PATH;
  const target = parsed.positionals[0] ?? prepareDefaultBackupPath(source, new Date());
  try {
    const result = await backupDatabase({ source, target, force: parsed.values.force });
    const rows = Object.entries(result.counts)
      .filter(([table]) => !table.startsWith("__"))
      .map(([table, n]) => `${table} ${n}`)
      .join(", ");
    console.log(`Backed up ${path.resolve(source)}`);
    console.log(`      to ${result.target}`);
    console.log(
      `    size ${formatBytes(result.bytes)} (${result.pages} pages) in ${Math.round(result.durationMs)} ms; integrity_check ok`,
    );
    console.log(`    rows ${rows}`);
  } catch (error) {
    if (error instanceof BackupError) fail(error.message);
    throw error;
  }
}

void main();
