// Every server action under app/admin refuses anonymous and under-privileged callers and writes
// nothing. The action files are found by walking the tree, so an action added later is covered
// without touching this test. Only the session reader is replaced; the role check and the database
// (a temporary file with the real migrations) are the real ones.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";

const session = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a throwaway database first.
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "pushboard-actions-"));
  process.env.DATABASE_PATH = join(dir, "actions.db");
  return { dir, userId: null as number | null };
});
vi.mock("@/lib/auth/session", async () => {
  const { claimsFor } = await import("@/test/support/session");
  return { getSessionClaims: async () => claimsFor(session.userId) };
});

import { getServerContext } from "@/lib/server-context";
import { FORBIDDEN_MESSAGE, UNAUTHENTICATED_MESSAGE } from "@/lib/auth/access";
import { roleBelow, USER_ROLES, type UserRole } from "@/lib/auth/roles";
import { users } from "@/lib/db/schema";
import { isDeclaredAction } from "@/lib/http/action";
import { addUser } from "@/test/support/users";

const APP_ADMIN = path.join(process.cwd(), "app/admin");

// Reachable without a session on purpose; each has its own refusal checks below.
const PUBLIC_ACTIONS = new Set(["sign-in/actions.ts#signInAction", "setup/actions.ts#setupOwnerAction"]);

function findActionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findActionFiles(full);
    return entry.name === "actions.ts" ? [full] : [];
  });
}

type Action = (...args: unknown[]) => Promise<unknown>;
type Found = { id: string; fn: Action; role: UserRole | null };

async function loadActions(): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of findActionFiles(APP_ADMIN)) {
    const mod = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value !== "function") continue;
      const id = `${path.relative(APP_ADMIN, file)}#${name}`;
      // Every action declares who may call it (lib/http/action.ts); the pipeline checks it first.
      const access = isDeclaredAction(value) ? value.declaration.access : "public";
      found.push({ id, fn: value as Action, role: access === "public" ? null : access });
    }
  }
  return found;
}

/** Every row of every table: "nothing was written" means this is unchanged. */
function snapshot(): string {
  const db = getServerContext().sqlite!;
  const tables = db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`,
  );
  return JSON.stringify(tables.map(({ name }) => [name, db.all(sql.raw(`select * from "${name}" order by rowid`))]));
}

async function callAs(userId: number | null, fn: Action) {
  session.userId = userId;
  const before = snapshot();
  const result = await fn(null, new FormData());
  return { result, unchanged: snapshot() === before };
}

let actions: Found[] = [];
const people = {} as Record<UserRole, number>;
let removedUserId = 0;

beforeAll(async () => {
  const db = getServerContext().sqlite!;
  for (const role of USER_ROLES) people[role] = (await addUser(db, role)).id;
  const removed = await addUser(db, "owner");
  db.delete(users).where(eq(users.id, removed.id)).run();
  removedUserId = removed.id;
  actions = await loadActions();
});

afterAll(() => {
  getServerContext().sqlite!.$client.close();
  rmSync(session.dir, { recursive: true, force: true });
});

describe("admin server actions", () => {
  it("finds the actions in app/admin", () => {
    expect(actions.map((a) => a.id)).toEqual(expect.arrayContaining(["actions.ts#signOutAction", ...PUBLIC_ACTIONS]));
  });

  it("every non-public action declares the role it needs", () => {
    const unguarded = actions.filter((a) => !PUBLIC_ACTIONS.has(a.id) && a.role === null).map((a) => a.id);
    expect(unguarded).toEqual([]);
  });

  it("refuses callers without a session, or whose account was removed, and writes nothing", async () => {
    for (const action of actions.filter((a) => !PUBLIC_ACTIONS.has(a.id))) {
      for (const userId of [null, removedUserId]) {
        const { result, unchanged } = await callAs(userId, action.fn);
        expect(result, action.id).toEqual({ ok: false, message: UNAUTHENTICATED_MESSAGE });
        expect(unchanged, `${action.id} wrote to the database`).toBe(true);
      }
    }
  });

  it("refuses every role below the one an action needs, and writes nothing", async () => {
    for (const action of actions.filter((a) => a.role !== null)) {
      for (let lower = roleBelow(action.role!); lower; lower = roleBelow(lower)) {
        const { result, unchanged } = await callAs(people[lower], action.fn);
        expect(result, `${action.id} as ${lower}`).toEqual({ ok: false, message: FORBIDDEN_MESSAGE });
        expect(unchanged, `${action.id} as ${lower} wrote to the database`).toBe(true);
      }
    }
  });

  it("setup refuses once an account exists, without writing", async () => {
    const setup = actions.find((a) => a.id === "setup/actions.ts#setupOwnerAction")!;
    const form = new FormData();
    for (const [key, value] of Object.entries({
      email: "intruder@example.com",
      name: "Intruder",
      password: "intruder password",
      confirmPassword: "intruder password",
    }))
      form.set(key, value);
    session.userId = null;
    const before = snapshot();
    const result = await setup.fn(null, form);
    expect(result).toEqual({ ok: false, message: "Pushboard already has an owner. Sign in instead." });
    expect(snapshot()).toBe(before);
  });

  it("sign-in refuses malformed input without touching the throttle or the audit log", async () => {
    const signIn = actions.find((a) => a.id === "sign-in/actions.ts#signInAction")!;
    for (const form of [
      new FormData(),
      (() => {
        const f = new FormData();
        f.set("email", "a@b.c");
        f.set("password", "x".repeat(5000));
        return f;
      })(),
    ]) {
      const before = snapshot();
      const result = (await signIn.fn(null, form)) as { ok: boolean; message: string };
      expect(result.ok).toBe(false);
      expect(result.message).toBe("Enter your email and password.");
      expect(snapshot()).toBe(before);
    }
  });
});
