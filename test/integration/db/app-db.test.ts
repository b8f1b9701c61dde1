// The one async database API behaves the same on SQLite and PostgreSQL: transactions are all or nothing
// (nested ones roll back alone), a statement from outside a running transaction never lands inside it,
// and the helpers for raw rows and changed-row counts agree.
import { describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { changedRows, perEngine, queryRows, type Db } from "@/lib/db/app-db";
import { groupCommit } from "@/lib/db/group-commit";
import { ENGINES, useTestDb } from "@/test/support/databases";

async function addTopic(db: Db, slug: string) {
  const { topics } = db.tables;
  const [row] = await db.insert(topics).values({ slug, name: slug.toUpperCase() }).returning();
  return row!;
}

async function slugs(db: Db): Promise<string[]> {
  const { topics } = db.tables;
  const rows = await db.select({ slug: topics.slug }).from(topics).orderBy(asc(topics.slug));
  return rows.map((r) => r.slug);
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe.each(ENGINES)("the database API on %s", (engine) => {
  const test = useTestDb(engine);

  it("reads back what it wrote, with the schema's JS types", async () => {
    const row = await addTopic(test.db, "news");
    expect(row).toMatchObject({ slug: "news", name: "NEWS", archivedAt: null });
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(test.db.engine).toBe(engine);
  });

  it("commits a transaction, and undoes all of one that throws", async () => {
    await test.db.transaction(async (tx) => {
      await addTopic(tx, "kept");
    });
    const failure = await test.db
      .transaction(async (tx) => {
        await addTopic(tx, "undone");
        await tick();
        throw new Error("changed my mind");
      })
      .catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(await slugs(test.db)).toEqual(["kept"]);
  });

  it("rolls back a nested transaction alone", async () => {
    await test.db.transaction(async (tx) => {
      await addTopic(tx, "outer");
      await tx
        .transaction(async (inner) => {
          await addTopic(inner, "inner");
          throw new Error("inner only");
        })
        .catch(() => undefined);
      await addTopic(tx, "after");
    });
    expect(await slugs(test.db)).toEqual(["after", "outer"]);
  });

  it("keeps a statement from outside out of a running transaction (it survives the rollback)", async () => {
    let outside: Promise<unknown> | undefined;
    const failed = test.db
      .transaction(async (tx) => {
        await addTopic(tx, "inside");
        outside = addTopic(test.db, "outside"); // another request, while this transaction awaits
        await tick();
        throw new Error("roll back");
      })
      .catch(() => "rolled back");
    expect(await failed).toBe("rolled back");
    await outside;
    expect(await slugs(test.db)).toEqual(["outside"]);
  });

  it("runs concurrent transactions one after the other without losing a write", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        test.db.transaction(async (tx) => {
          await tick();
          await addTopic(tx, `t${i}`);
        }),
      ),
    );
    expect(await slugs(test.db)).toHaveLength(8);
  });

  it("counts changed rows and returns raw rows as objects", async () => {
    const { topics } = test.db.tables;
    await addTopic(test.db, "a");
    await addTopic(test.db, "b");
    expect(changedRows(await test.db.update(topics).set({ name: "x" }))).toBe(2);
    expect(changedRows(await test.db.delete(topics).where(eq(topics.slug, "none")))).toBe(0);
    const rows = await queryRows<{ slug: string; n: number }>(
      test.db,
      sql`SELECT ${topics.slug} AS slug, ${perEngine(test.db, { sqlite: sql`length(${topics.name})`, postgres: sql`char_length(${topics.name})::int` })} AS n FROM ${topics} ORDER BY 1`,
    );
    expect(rows).toEqual([
      { slug: "a", n: 1 },
      { slug: "b", n: 1 },
    ]);
  });
});

describe("the SQLite connection shared by sync and async code", () => {
  const test = useTestDb("sqlite");

  it("refuses a sync statement that would land in another caller's open transaction", async () => {
    const sync = test.sqlite!;
    let refused: unknown;
    await test.db.transaction(async (tx) => {
      await addTopic(tx, "inside");
      try {
        sync.$client
          .prepare("INSERT INTO topics (slug, name, created_at, updated_at) VALUES ('sync', 's', 0, 0)")
          .run();
      } catch (error) {
        refused = error;
      }
    });
    expect(String(refused)).toMatch(/outside the transaction that holds the SQLite connection/);
    expect(await slugs(test.db)).toEqual(["inside"]);
  });

  it("runs a group commit that arrives during a transaction right after it", async () => {
    const sync = test.sqlite!;
    let committed: Promise<unknown> | undefined;
    await test.db
      .transaction(async (tx) => {
        await addTopic(tx, "inside");
        committed = groupCommit(sync, () =>
          sync.$client
            .prepare("INSERT INTO topics (slug, name, created_at, updated_at) VALUES ('grouped', 'g', 0, 0)")
            .run(),
        );
        await tick();
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await committed;
    expect(await slugs(test.db)).toEqual(["grouped"]);
  });
});
