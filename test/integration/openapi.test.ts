// The OpenAPI document covers the whole /api/v1 tree and is valid OpenAPI 3.1: the route files are
// walked, so a new endpoint that is not in app/api/v1/_routes.ts (or not in the document) fails here,
// and the document is checked against the official schema by a validator written by others.
import { readdirSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), "pushboard-openapi-")), "test.db");
});

import { API_ROUTES } from "@/app/api/v1/_routes";
import { openApiDocument } from "@/lib/api/openapi";
import { isEndpointHandler } from "@/lib/http/endpoint";

const V1 = path.join(process.cwd(), "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// the document itself is public and describes the others
const NOT_OPERATIONS = new Set(["/api/v1/openapi.json"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** app/api/v1/notifications/[id]/route.ts → /api/v1/notifications/{id} */
function urlPathOf(file: string): string {
  const folder = path.relative(path.join(process.cwd(), "app"), path.dirname(file));
  return `/${folder.split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
}

const files = routeFiles(V1).filter((file) => !NOT_OPERATIONS.has(urlPathOf(file)));
const document = openApiDocument(API_ROUTES, "https://push.example.com") as {
  paths: Record<string, Record<string, Record<string, unknown>>>;
};

describe("the OpenAPI document of /api/v1", () => {
  it("is valid OpenAPI 3.1", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it.each(files.map((file) => [urlPathOf(file), file]))(
    "%s is registered with every method it exports, and documented",
    async (urlPath, file) => {
      const mod = (await import(file)) as Record<string, unknown>;
      const exported = METHODS.filter((method) => isEndpointHandler(mod[method]));
      const registered = API_ROUTES.find((route) => route.path === urlPath);
      expect(registered, `${urlPath} is missing from app/api/v1/_routes.ts`).toBeDefined();
      expect(Object.keys(registered?.methods ?? {}).sort()).toEqual([...exported].sort());
      for (const method of exported) {
        expect(registered?.methods[method], `${method} ${urlPath} registered from another module`).toBe(mod[method]);
        const operation = document.paths[urlPath]?.[method.toLowerCase()];
        expect(operation, `${method} ${urlPath} is not in the document`).toBeDefined();
        expect(operation?.security).toEqual([{ apiKey: [expect.stringMatching(/^(notifications|subscriptions):/)] }]);
        expect(JSON.stringify(operation?.["x-codeSamples"])).toContain("curl -X");
      }
    },
  );

  it("registers nothing that is not a route file", () => {
    expect(API_ROUTES.map((route) => route.path).sort()).toEqual(files.map(urlPathOf).sort());
  });
});
