// The pipeline every route handler is built from (lib/http/endpoint.ts), through real route handlers:
// access before anything else, then the origin of a state change made with a session, params and query,
// and one error shape. Only the session reader is replaced; the database has the real migrations.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const session = await vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  process.env.DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), "pushboard-endpoint-")), "test.db");
  return { userId: null as number | null };
});
vi.mock("@/lib/auth/session", async () => {
  const { claimsFor } = await import("@/test/support/session");
  return { getSessionClaims: async () => claimsFor(session.userId) };
});

import { GET as progress } from "@/app/api/admin/campaigns/[id]/progress/route";
import { POST as importSubscriptions } from "@/app/api/admin/subscriptions-import/route";
import { GET as exportWithKeys } from "@/app/api/admin/subscriptions-export/route";
import { getServerContext } from "@/lib/server-context";
import { addUser } from "@/test/support/users";
import { fromPeer } from "@/test/support/peer";

const params = (id: string) => ({ params: Promise.resolve({ id }) });
async function answer(response: Promise<Response>) {
  const res = await response;
  const text = await res.text();
  const code = res.headers.get("content-type")?.includes("json")
    ? ((JSON.parse(text) as { error?: { code: string } }).error?.code ?? null)
    : null;
  return { status: res.status, code, cache: res.headers.get("cache-control") };
}
const importRequest = (headers: Record<string, string>, body = "[]") =>
  new Request("http://localhost:3000/api/admin/subscriptions-import", {
    method: "POST",
    headers: fromPeer("127.0.0.1", { host: "localhost:3000", ...headers }),
    body,
  });

let owner = 0;
let viewer = 0;
beforeAll(async () => {
  const db = getServerContext().sqlite!;
  owner = (await addUser(db, "owner")).id;
  viewer = (await addUser(db, "viewer")).id;
});
afterAll(() => getServerContext().sqlite!.$client.close());

describe("a session endpoint", () => {
  it("asks who is calling before anything else: no origin check, body or params for an anonymous caller", async () => {
    session.userId = null;
    expect(await answer(importSubscriptions(importRequest({ "content-type": "text/plain" })))).toMatchObject({
      status: 401,
      code: "unauthenticated",
    });
    expect(await answer(progress(new Request("http://localhost/x"), params("not-a-number")))).toMatchObject({
      status: 401,
      code: "unauthenticated",
    });
    session.userId = viewer;
    expect(await answer(importSubscriptions(importRequest({ "content-type": "text/plain" })))).toMatchObject({
      status: 403,
      code: "forbidden",
    });
  });

  it("takes a state change only from the site's own pages, scheme and port included", async () => {
    session.userId = owner;
    const json = { "content-type": "application/json" };
    expect(await answer(importSubscriptions(importRequest(json)))).toMatchObject({
      status: 403,
      code: "missing_origin",
    });
    expect(await answer(importSubscriptions(importRequest({ ...json, origin: "https://evil.example" })))).toMatchObject(
      { status: 403, code: "foreign_origin" },
    );
    expect(
      await answer(importSubscriptions(importRequest({ ...json, origin: "https://localhost:3000" }))),
    ).toMatchObject({ status: 403, code: "foreign_origin" });
    // a forged X-Forwarded-Host does not make another origin ours (no proxy is trusted here)
    expect(
      await answer(
        importSubscriptions(
          importRequest({ ...json, origin: "http://evil.example", "x-forwarded-host": "evil.example" }),
        ),
      ),
    ).toMatchObject({ status: 403, code: "foreign_origin" });
    expect(
      await answer(importSubscriptions(importRequest({ ...json, origin: "http://localhost:3000" }))),
    ).toMatchObject({ status: 200, cache: "no-store" });
  });

  it("refuses a body type a cross-site form could send without asking (text/plain)", async () => {
    session.userId = owner;
    expect(
      await answer(
        importSubscriptions(importRequest({ "content-type": "text/plain", origin: "http://localhost:3000" })),
      ),
    ).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  it("answers a bad id with 404 and a bad query with 400, in the error shape", async () => {
    session.userId = owner;
    expect(await answer(progress(new Request("http://localhost/x"), params("abc")))).toMatchObject({
      status: 404,
      code: "not_found",
      cache: "no-store",
    });
    expect(await answer(progress(new Request("http://localhost/x"), params("999")))).toMatchObject({
      status: 404,
      code: "not_found",
    });
    expect(
      await answer(exportWithKeys(new Request("http://localhost/x?format=xml", { headers: fromPeer("127.0.0.1") }))),
    ).toMatchObject({ status: 400, code: "invalid_input" });
  });
});
