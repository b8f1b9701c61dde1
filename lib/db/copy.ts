// Moving an install between SQLite and PostgreSQL (either way): every table, parents first, in pages of
// primary-key order, into an empty target in one transaction; then the target is read back and each
// table's row count and checksum must equal the source's, or nothing is kept. Last, the target settles
// what its engine keeps differently (a SQLite target folds PostgreSQL's pending counter deltas).
import { createHash } from "node:crypto";
import { copyTables, type CopyTable } from "./copy-tables";
import { openPostgresStore, openSqliteStore, type CopyStore, type NeutralRow, type NeutralValue } from "./copy-stores";

export type CopyReport = { table: string; rows: number; checksum: string }[];

export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CopyError";
  }
}

const PAGE = 2_000;

export function openStore(location: string, role: "source" | "target"): CopyStore {
  if (/^postgres(ql)?:\/\//.test(location)) return openPostgresStore(location);
  return openSqliteStore(location, { create: role === "target" });
}

/** JSON with object keys sorted, so PostgreSQL's jsonb (which reorders keys) and SQLite's text agree. */
function canonical(value: NeutralValue | unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Reads a whole table page by page, handing each page to `each`; returns its row count and checksum. */
async function scan(
  store: CopyStore,
  table: CopyTable,
  each: (rows: NeutralRow[]) => Promise<void> = async () => {},
): Promise<{ rows: number; checksum: string }> {
  const hash = createHash("sha256");
  const keyIndexes = table.primaryKey.map((name) => table.columns.findIndex((c) => c.name === name));
  let after: NeutralRow | null = null;
  let rows = 0;
  for (;;) {
    const page = await store.readPage(table, after, PAGE);
    if (page.length === 0) break;
    for (const row of page) hash.update(canonical(row)).update("\n");
    rows += page.length;
    await each(page);
    after = keyIndexes.map((i) => page.at(-1)![i]!);
    if (page.length < PAGE) break;
  }
  return { rows, checksum: hash.digest("hex") };
}

async function refuseOutdatedSource(source: CopyStore) {
  const state = await source.migrationState();
  if (state.applied === 0) throw new CopyError(`${source.label} is not a Pushboard database (no migrations recorded).`);
  if (state.applied !== state.shipped) {
    throw new CopyError(
      `${source.label} has ${state.applied} of this version's ${state.shipped} migrations: run npm run db:migrate on it first.`,
    );
  }
}

async function refuseNonEmptyTarget(target: CopyStore, tables: CopyTable[]) {
  for (const table of tables) {
    const rows = await target.count(table);
    if (rows) {
      throw new CopyError(
        `${target.label} is not empty (${rows.toLocaleString("en")} rows in ${table.name}): db:copy only writes into an empty database.`,
      );
    }
  }
}

export async function copyDatabase(
  from: string,
  to: string,
  log: (line: string) => void = () => {},
): Promise<CopyReport> {
  const tables = copyTables();
  const source = openStore(from, "source");
  let target: CopyStore | null = null;
  try {
    await refuseOutdatedSource(source);
    target = openStore(to, "target");
    await refuseNonEmptyTarget(target, tables);
    await target.migrate();
    const report: CopyReport = [];
    await target.begin();
    try {
      for (const table of tables) {
        const read = await scan(source, table, (rows) => target!.insert(table, rows));
        report.push({ table: table.name, ...read });
      }
      await target.resetIdentities(tables);
      // read back inside the same transaction: what would be committed must be exactly what was read
      for (const expected of report) {
        const table = tables.find((t) => t.name === expected.table)!;
        const written = await scan(target, table);
        if (written.rows !== expected.rows || written.checksum !== expected.checksum) {
          throw new CopyError(
            `${table.name}: read ${expected.rows} rows (sha256 ${expected.checksum.slice(0, 12)}) but the target holds ` +
              `${written.rows} (sha256 ${written.checksum.slice(0, 12)}). Nothing was kept.`,
          );
        }
        log(
          `${table.name.padEnd(22)} ${String(expected.rows).padStart(10)} rows  sha256 ${expected.checksum.slice(0, 16)}`,
        );
      }
      const folded = await target.settle();
      if (folded) log(`folded ${folded} pending counter changes into their campaigns' counters`);
      await target.commit();
    } catch (error) {
      await target.rollback();
      throw error;
    }
    return report;
  } finally {
    await source.close();
    await target?.close();
  }
}
