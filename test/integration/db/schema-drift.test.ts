// One schema truth for two databases: the SQLite file and the PostgreSQL database that their own
// drizzle-kit migrations build must have the same tables, columns (neutral type, nullability, default),
// primary keys, indexes and foreign keys. Read from the migrated databases themselves, so a migration
// that drifts from its schema fails here too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { createTestPgDb, type TestPgDb } from "@/test/support/pg";
import { postgresShape, shapeDifferences, sqliteShape, type SchemaShape } from "@/test/support/schema-shape";

let pg: TestPgDb;
let sqlite: SchemaShape;
let postgres: SchemaShape;

beforeAll(async () => {
  pg = await createTestPgDb();
  sqlite = sqliteShape(createTestDb().$client);
  postgres = await postgresShape(pg.db.$client);
});

afterAll(async () => {
  await pg?.drop();
});

describe("SQLite and PostgreSQL schemas", () => {
  it("have the same tables, columns, keys and indexes", () => {
    expect(Object.keys(sqlite).length).toBe(20);
    expect(shapeDifferences(sqlite, postgres, ["sqlite", "postgres"])).toEqual([]);
  });

  it("read what matters from both: types, defaults, composite keys, cascades", () => {
    for (const shape of [sqlite, postgres]) {
      expect(shape.campaigns!.columns.renotify).toEqual({ type: "boolean", notNull: true, default: "false" });
      expect(shape.campaigns!.columns.actions).toEqual({ type: "json", notNull: true, default: "'[]'" });
      expect(shape.subscriptions!.columns.status).toEqual({ type: "text", notNull: true, default: "'active'" });
      expect(shape.subscriptions!.columns.last_seen_at).toEqual({ type: "time", notNull: false, default: null });
      expect(shape.subscription_topics!.primaryKey).toEqual(["subscription_id", "topic_id"]);
      expect(shape.deliveries!.foreignKeys).toContain("campaign_id -> campaigns(id) on delete cascade");
      expect(shape.deliveries!.indexes.deliveries_claim_idx).toEqual({
        unique: false,
        columns: ["campaign_id", "status", "next_attempt_at"],
      });
    }
  });

  it("reports a drift: an index, a default and a nullability changed on one side only", async () => {
    await pg.db.$client.query("DROP INDEX deliveries_claim_idx");
    await pg.db.$client.query("ALTER TABLE topics ALTER COLUMN position SET DEFAULT 5");
    await pg.db.$client.query("ALTER TABLE topics ALTER COLUMN name DROP NOT NULL");
    const drifted = await postgresShape(pg.db.$client);
    expect(shapeDifferences(sqlite, drifted, ["sqlite", "postgres"]).sort()).toEqual([
      `deliveries index deliveries_claim_idx: sqlite {"unique":false,"columns":["campaign_id","status","next_attempt_at"]}, postgres null`,
      `topics.name: sqlite {"type":"text","notNull":true,"default":null}, postgres {"type":"text","notNull":false,"default":null}`,
      `topics.position: sqlite {"type":"integer","notNull":true,"default":"0"}, postgres {"type":"integer","notNull":true,"default":"5"}`,
    ]);
  });
});
