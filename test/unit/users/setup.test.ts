import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { FAST_SCRYPT } from "@/test/support/users";
import { openDatabase, migrateDatabase } from "@/lib/db/client";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { hashPassword } from "@/lib/auth/password";
import { createFirstOwner, createUser } from "@/lib/users/mutations";
import { countUsers, listUsers } from "@/lib/users/queries";
import { DuplicateEmailError, SetupClosedError } from "@/lib/users/errors";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe.each(ENGINES)("owner setup on %s", (engine) => {
  const test = useTestDb(engine);

  it("creates the first owner, then refuses for good", async () => {
    const db = test.db;
    const passwordHash = await hashPassword("first owner password", FAST_SCRYPT);
    const owner = await createFirstOwner(db, { email: "First@Example.com", name: "First", passwordHash });
    expect(owner).toMatchObject({ email: "first@example.com", role: "owner", name: "First" });
    await expect(createFirstOwner(db, { email: "second@example.com", passwordHash })).rejects.toThrow(SetupClosedError);
    expect((await listUsers(db)).map((u) => u.email)).toEqual(["first@example.com"]);
  });

  it("refuses when any account exists, even a viewer made from the command line", async () => {
    const db = test.db;
    const passwordHash = await hashPassword("viewer password!", FAST_SCRYPT);
    await createUser(db, { email: "v@example.com", role: "viewer", passwordHash });
    await expect(createFirstOwner(db, { email: "o@example.com", passwordHash })).rejects.toThrow(SetupClosedError);
    expect(await countUsers(db)).toBe(1);
  });

  it("two racing submissions create exactly one owner", async () => {
    const db = test.db;
    const passwordHash = await hashPassword("racing owner password", FAST_SCRYPT);
    const results = await Promise.allSettled(
      ["a@example.com", "b@example.com"].map((email) => createFirstOwner(db, { email, passwordHash })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(SetupClosedError);
    expect(await countUsers(db)).toBe(1);
  });

  it("rejects a duplicate email whatever its case", async () => {
    const db = test.db;
    const passwordHash = await hashPassword("some password here", FAST_SCRYPT);
    await createUser(db, { email: "dup@example.com", role: "editor", passwordHash });
    await expect(createUser(db, { email: " DUP@example.com ", role: "viewer", passwordHash })).rejects.toThrow(
      DuplicateEmailError,
    );
    expect(await countUsers(db)).toBe(1);
  });
});

describe("owner setup across SQLite connections", () => {
  it("two racing submissions through two connections create exactly one owner", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pushboard-setup-"));
    dirs.push(dir);
    const file = path.join(dir, "race.db");
    const first = openDatabase(file);
    migrateDatabase(first);
    const second = openDatabase(file);
    const passwordHash = await hashPassword("racing owner password", FAST_SCRYPT);
    const attempt = async (db: typeof first, email: string) => {
      await hashPassword("work before the insert", FAST_SCRYPT); // both are mid-request together
      return createFirstOwner(sqliteAppDb(db), { email, passwordHash });
    };
    const results = await Promise.allSettled([attempt(first, "a@example.com"), attempt(second, "b@example.com")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(SetupClosedError);
    expect(await countUsers(sqliteAppDb(first))).toBe(1);
    first.$client.close();
    second.$client.close();
  });
});
