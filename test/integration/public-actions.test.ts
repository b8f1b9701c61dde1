// The server actions anyone can call (owner setup, sign-in, accepting an invitation) called the way a
// hand-made request can call them: with arguments that are not a form, and with hostile field values.
// Each must answer with a typed refusal (never throw, which Next turns into a 500) and write nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rmSync } from "node:fs";
import { sql } from "drizzle-orm";

const session = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = mkdtempSync(join(tmpdir(), "pushboard-public-actions-"));
  process.env.DATABASE_PATH = join(dir, "actions.db");
  return { dir };
});
vi.mock("@/lib/auth/session", () => ({ getSessionClaims: async () => null }));

import { getServerContext } from "@/lib/server-context";
import { UNREADABLE_FORM } from "@/lib/http/action";
import { createInvitation } from "@/lib/team/invitations";
import { setupOwnerAction } from "@/app/admin/setup/actions";
import { signInAction } from "@/app/admin/sign-in/actions";
import { acceptInvitationAction } from "@/app/invite/[token]/actions";
import { resetPasswordWithLinkAction } from "@/app/reset-password/[token]/actions";

type Action = (...args: unknown[]) => Promise<unknown>;

function snapshot(): string {
  const db = getServerContext().sqlite!;
  const tables = db.all<{ name: string }>(
    sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name`,
  );
  return JSON.stringify(tables.map(({ name }) => [name, db.all(sql.raw(`select * from "${name}" order by rowid`))]));
}

function form(fields: Record<string, string | Blob>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
}

const NOT_A_FORM: unknown[][] = [
  [],
  [null],
  [null, null],
  [null, "text"],
  [null, {}],
  [null, { get: () => "x" }],
  [null, ["a"]],
  [null, 42],
  [form({ email: "a@example.com" })],
];
const ACTIONS: [string, Action][] = [
  ["setupOwnerAction", setupOwnerAction as Action],
  ["signInAction", signInAction as Action],
  ["acceptInvitationAction", acceptInvitationAction as Action],
  ["resetPasswordWithLinkAction", resetPasswordWithLinkAction as Action],
];

afterAll(() => {
  getServerContext().sqlite!.$client.close();
  rmSync(session.dir, { recursive: true, force: true });
});

describe("public server actions given arguments that are not a form", () => {
  // Run first, on an empty database: the setup window is open, the case that used to throw.
  it.each(ACTIONS)("%s answers with a refusal and writes nothing", async (_name, action) => {
    for (const args of NOT_A_FORM) {
      const before = snapshot();
      await expect(action(...args), JSON.stringify(args)).resolves.toEqual(UNREADABLE_FORM);
      expect(snapshot()).toBe(before);
    }
  });
});

describe("accepting an invitation with hostile fields", () => {
  let token = "";
  beforeAll(async () => {
    const invitation = { email: "invitee@example.com", role: "viewer" } as const;
    token = (await createInvitation(getServerContext().appDb, invitation, null)).token;
  });

  it.each([
    [
      "a right-to-left override in the name",
      { name: "\u202EOlive", password: "long enough password", confirmPassword: "long enough password" },
      "name",
    ],
    [
      "NUL in the name",
      { name: "Olive\u0000", password: "long enough password", confirmPassword: "long enough password" },
      "name",
    ],
    [
      "a zero-width space in the name",
      { name: "Ol\u200Bive", password: "long enough password", confirmPassword: "long enough password" },
      "name",
    ],
    [
      "a file as the name",
      { name: new Blob(["Olive"]), password: "long enough password", confirmPassword: "long enough password" },
      "name",
    ],
    [
      "a 1,025-character password",
      { name: "Olive", password: "p".repeat(1025), confirmPassword: "p".repeat(1025) },
      "password",
    ],
    [
      "a 101-character name",
      { name: "n".repeat(101), password: "long enough password", confirmPassword: "long enough password" },
      "name",
    ],
  ] as const)("refuses %s and creates no account", async (_label, fields, field) => {
    const before = snapshot();
    const result = (await acceptInvitationAction(null, form({ token, ...fields }))) as {
      ok: boolean;
      fieldErrors?: Record<string, unknown>;
    };
    expect(result.ok).toBe(false);
    expect(result.fieldErrors).toHaveProperty(field);
    expect(snapshot()).toBe(before);
  });

  it.each([
    ["forged", "A".repeat(43)],
    ["malformed", "../../etc/passwd"],
    ["with NUL", `${"A".repeat(42)}\u0000`],
  ])("refuses a %s token without writing", async (_label, forged) => {
    const before = snapshot();
    const result = (await acceptInvitationAction(
      null,
      form({ token: forged, name: "Olive", password: "long enough password", confirmPassword: "long enough password" }),
    )) as { ok: boolean };
    expect(result.ok).toBe(false);
    expect(snapshot()).toBe(before);
  });
});

describe("using a password-reset link with hostile fields", () => {
  it.each([
    ["forged", "A".repeat(43)],
    ["malformed", "../../etc/passwd"],
    ["with NUL", `${"A".repeat(42)}\u0000`],
  ])("refuses a %s token without writing", async (_label, forged) => {
    const before = snapshot();
    const result = (await resetPasswordWithLinkAction(
      null,
      form({ token: forged, password: "long enough password", confirmPassword: "long enough password" }),
    )) as { ok: boolean };
    expect(result.ok).toBe(false);
    expect(snapshot()).toBe(before);
  });

  it("refuses mismatched or short passwords before touching a link", async () => {
    const before = snapshot();
    const result = (await resetPasswordWithLinkAction(
      null,
      form({ token: "A".repeat(43), password: "short", confirmPassword: "other" }),
    )) as { ok: boolean; fieldErrors?: Record<string, unknown> };
    expect(result.ok).toBe(false);
    expect(result.fieldErrors).toHaveProperty("password");
    expect(snapshot()).toBe(before);
  });
});
