import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { immediate, prepared } from "@/lib/db/prepared";

function scratch() {
  const db = openDatabase(":memory:");
  db.$client.exec("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)");
  const insert = (x: number) => prepared(db, "INSERT INTO t (x) VALUES (?)").run(x);
  const rows = () => prepared(db, "SELECT x FROM t ORDER BY x").pluck().all();
  return { db, insert, rows };
}

describe("immediate", () => {
  it("commits what fn wrote and returns its result; a throw undoes everything and is rethrown", () => {
    const { db, insert, rows } = scratch();
    expect(immediate(db, () => (insert(1), "done"))).toBe("done");
    expect(() =>
      immediate(db, () => {
        insert(2);
        throw new Error("no");
      }),
    ).toThrow("no");
    expect(rows()).toEqual([1]);
    expect(db.$client.inTransaction).toBe(false);
  });

  it("nested, is a savepoint: the inner throw undoes only the inner writes, the outer goes on", () => {
    const { db, insert, rows } = scratch();
    immediate(db, () => {
      insert(1);
      expect(() =>
        immediate(db, () => {
          insert(2);
          insert(1); // UNIQUE violation
        }),
      ).toThrow(/UNIQUE/);
      immediate(db, () => immediate(db, () => insert(3)));
      insert(4);
    });
    expect(rows()).toEqual([1, 3, 4]);
  });
});
