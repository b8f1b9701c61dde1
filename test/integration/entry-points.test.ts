// Every entry point is declared through the one pipeline: each HTTP method a route file under app/
// exports was built by defineEndpoint, and each export of an actions file by defineAction or
// defineFormAction. The tree is walked, so a new route or action that bypasses the pipeline fails here.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), "pushboard-entry-points-")), "test.db");
});

import { isDeclaredAction } from "@/lib/http/action";
import { isEndpointHandler } from "@/lib/http/endpoint";

const APP = path.join(process.cwd(), "app");
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// Next's route segment config: data, not entry points
const ROUTE_CONFIG = new Set([
  "dynamic",
  "revalidate",
  "runtime",
  "fetchCache",
  "preferredRegion",
  "maxDuration",
  "dynamicParams",
]);

function walk(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, name);
    return entry.name === name ? [full] : [];
  });
}

const routeFiles = walk(APP, "route.ts");
const actionFiles = walk(APP, "actions.ts");

describe("entry points", () => {
  it("finds the routes and actions", () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(15);
    expect(actionFiles.length).toBeGreaterThan(8);
  });

  it.each(routeFiles.map((file) => [path.relative(APP, file), file]))(
    "route %s exports only declared endpoints",
    async (_name, file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      const exports = Object.keys(mod).filter((key) => !ROUTE_CONFIG.has(key));
      expect(exports.length).toBeGreaterThan(0);
      for (const key of exports) {
        expect(METHODS.has(key), `${key} is not an HTTP method`).toBe(true);
        expect(isEndpointHandler(mod[key]), `${key} is not built by defineEndpoint`).toBe(true);
      }
    },
  );

  it.each(actionFiles.map((file) => [path.relative(APP, file), file]))(
    "actions %s are all declared",
    async (_name, file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      expect(Object.keys(mod).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(mod))
        expect(isDeclaredAction(value), `${key} is not built by defineAction`).toBe(true);
    },
  );
});
