// GET /sw.js through its route handler (the endpoint pipeline, as Next calls it): the rendered worker
// with its content VERSION and the headers the old static file had from next.config.mjs.
import { afterAll, describe, expect, it, vi } from "vitest";
import { rmSync } from "node:fs";

const dir = await vi.hoisted(async () => {
  // lib/env.mjs reads the environment once, at import: point it at a throwaway database first.
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const created = mkdtempSync(join(tmpdir(), "pushboard-sw-route-"));
  process.env.DATABASE_PATH = join(created, "test.db");
  return created;
});

import { GET } from "@/app/sw.js/route";
import { loadWorker } from "@/lib/service-worker/serve";

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("GET /sw.js", () => {
  it("serves the worker with its content version, as JavaScript that is never cached", async () => {
    const response = await GET(new Request("http://localhost:3000/sw.js"));
    const script = await response.text();
    const { version } = await loadWorker();

    expect(response.status).toBe(200);
    expect(/const VERSION = "([^"]+)";/.exec(script)?.[1]).toBe(version);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache, no-store, must-revalidate");
    expect(response.headers.get("service-worker-allowed")).toBe("/");
  });
});
