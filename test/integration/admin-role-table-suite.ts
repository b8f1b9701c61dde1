// The role table's checks (see admin-role-table.test.ts), for whichever database the test file pointed
// lib/env.mjs at: every admin server action and route handler as owner, editor, viewer and anonymous.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import path from "node:path";
import { getServerContext, initServerContext } from "@/lib/server-context";
import { FORBIDDEN_MESSAGE, UNAUTHENTICATED_MESSAGE } from "@/lib/auth/access";
import { hasRole, USER_ROLES, type UserRole } from "@/lib/auth/roles";
import { snapshotTables } from "@/test/support/db-snapshot";
import { seedAccount } from "@/test/support/seeds";
import { ACTION_ROLES, ROUTE_ROLES, type MinimumRole } from "./admin-role-table";

/** Defines the suite; `session` is the mocked session reader's state, `cleanUp` removes the database. */
export async function defineRoleTableSuite(session: { userId: number | null }, cleanUp: () => Promise<void>) {
  const APP = path.join(process.cwd(), "app");
  const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

  function walk(dir: string, name: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full, name);
      return entry.name === name ? [full] : [];
    });
  }

  type Callable = (...args: unknown[]) => Promise<unknown>;
  type Found = { id: string; fn: Callable };

  async function exportsOf(
    files: string[],
    base: string,
    pick: (name: string) => boolean,
    id: (file: string, name: string) => string,
  ): Promise<Found[]> {
    const found: Found[] = [];
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value === "function" && pick(name))
          found.push({ id: id(path.relative(base, file), name), fn: value as Callable });
      }
    }
    return found.sort((a, b) => a.id.localeCompare(b.id));
  }

  const actions = await exportsOf(
    walk(path.join(APP, "admin"), "actions.ts"),
    path.join(APP, "admin"),
    () => true,
    (file, name) => `${file}#${name}`,
  );
  const routeFiles = [
    ...walk(path.join(APP, "admin"), "route.ts"),
    ...walk(path.join(APP, "api", "admin"), "route.ts"),
  ];
  const routes = await exportsOf(
    routeFiles,
    APP,
    (name) => (METHODS as readonly string[]).includes(name),
    (file, name) => `${name} ${path.dirname(file)}`,
  );

  type Caller = UserRole | "anonymous";
  const CALLERS: Caller[] = [...USER_ROLES, "anonymous"];
  const people = {} as Record<UserRole, number>;

  const allowed = (caller: Caller, minimum: MinimumRole) =>
    minimum === "public" || (caller !== "anonymous" && hasRole(caller, minimum));

  /** Calls as `caller`; a throw means the guard let the call through (refusals are returned, never thrown). */
  async function callAs(caller: Caller, run: () => Promise<unknown>) {
    session.userId = caller === "anonymous" ? null : people[caller];
    const db = getServerContext().appDb;
    const before = await snapshotTables(db);
    let outcome: { returned: unknown } | { threw: unknown };
    try {
      outcome = { returned: await run() };
    } catch (error) {
      outcome = { threw: error };
    }
    return { outcome, unchanged: (await snapshotTables(db)) === before };
  }

  beforeAll(async () => {
    const { appDb } = await initServerContext();
    for (const role of USER_ROLES) people[role] = (await seedAccount(appDb, { role })).id;
  });

  afterAll(async () => {
    await getServerContext().close();
    await cleanUp();
  });

  describe("the role table", () => {
    it("lists exactly the server actions under app/admin", () => {
      expect(actions.length).toBeGreaterThan(20);
      expect(actions.map((a) => a.id)).toEqual(Object.keys(ACTION_ROLES).sort((a, b) => a.localeCompare(b)));
    });

    it("lists exactly the admin route handlers", () => {
      expect(routes.map((r) => r.id)).toEqual(Object.keys(ROUTE_ROLES).sort((a, b) => a.localeCompare(b)));
    });
  });

  describe.each(actions)("action $id", ({ id, fn }) => {
    const minimum = ACTION_ROLES[id] ?? "owner";
    it.each(CALLERS)(`as %s (minimum: ${minimum})`, async (caller) => {
      const { outcome, unchanged } = await callAs(caller, () => fn(null, new FormData()));
      const refusal = { ok: false, message: caller === "anonymous" ? UNAUTHENTICATED_MESSAGE : FORBIDDEN_MESSAGE };
      if (allowed(caller, minimum)) {
        if ("returned" in outcome) expect(outcome.returned, "refused by the guard").not.toEqual(refusal);
      } else {
        expect(outcome).toEqual({ returned: refusal });
        expect(unchanged, "wrote to the database").toBe(true);
      }
    });
  });

  describe.each(routes)("route $id", ({ id, fn }) => {
    const minimum = ROUTE_ROLES[id] ?? "owner";
    const url = `http://localhost/${id.split(" ")[1]!.replaceAll("[id]", "1")}`;
    it.each(CALLERS)(`as %s (minimum: ${minimum})`, async (caller) => {
      const method = id.split(" ")[0]!;
      const request = new Request(url, {
        method,
        ...(method === "GET" ? {} : { body: "", headers: { "Content-Type": "text/plain" } }),
      });
      const { outcome, unchanged } = await callAs(caller, () => fn(request, { params: Promise.resolve({ id: "1" }) }));
      const code = caller === "anonymous" ? "unauthenticated" : "forbidden";
      const response = "returned" in outcome ? (outcome.returned as Response) : null;
      const body =
        response && (response.headers.get("content-type") ?? "").includes("json")
          ? ((await response.clone().json()) as { error?: { code?: string } })
          : null;
      if (allowed(caller, minimum)) {
        expect(body?.error?.code, "refused by the guard").not.toBe(code);
      } else {
        expect(response?.status).toBe(caller === "anonymous" ? 401 : 403);
        expect(body).toEqual({ error: { code, message: expect.any(String) } });
        expect(unchanged, "wrote to the database").toBe(true);
      }
    });
  });
}
