// npm run db:copy -- --from ./data/pushboard.db --to postgres://user@host/pushboard   (or the other way)
// Copies everything into an empty database and checks every table's row count and checksum.
import { parseArgs } from "node:util";
import { CopyError, copyDatabase } from "../lib/db/copy";

const USAGE = "Usage: npm run db:copy -- --from <file.db | postgres://…> --to <file.db | postgres://…>";

function fail(message: string): never {
  console.error(`db:copy: ${message}`);
  console.error(USAGE);
  process.exit(1);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } }, strict: true });
  } catch (error) {
    fail((error as Error).message);
  }
  const { from, to } = parsed.values;
  if (!from || !to) fail("give both --from and --to");
  if (from === to) fail("--from and --to are the same database");
  const started = Date.now();
  try {
    const report = await copyDatabase(from, to, (line) => console.log(line));
    const rows = report.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `Copied ${rows.toLocaleString("en")} rows in ${report.length} tables in ${((Date.now() - started) / 1000).toFixed(1)} s; every count and checksum matches.`,
    );
  } catch (error) {
    if (error instanceof CopyError) fail(error.message);
    fail(`${(error as Error).message} (nothing was kept in the target)`);
  }
}

void main();
