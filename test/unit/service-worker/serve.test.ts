// /sw.js as served: the real source files rendered with a VERSION that is the hash of exactly those
// files (sw.js and the sw-logic.js and sw-cache.js it imports), with the headers a service worker script needs.
import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadWorker, serviceWorkerResponse, WORKER_SOURCE } from "@/lib/service-worker/serve";
import { VERSION_PLACEHOLDER, workerVersion } from "@/lib/service-worker/version";

const read = (root: string, file: string) => readFileSync(path.join(root, file), "utf8");
const versionIn = (script: string) => /const VERSION = "([^"]+)";/.exec(script)?.[1];

describe("the served service worker", () => {
  it("carries the hash of sw.js and the scripts it imports as its VERSION, with the worker's headers", async () => {
    const root = process.cwd();
    const response = await serviceWorkerResponse();
    const script = await response.text();

    const imports = ["public/sw-logic.js", "public/sw-cache.js"].map((file) => read(root, file));
    const expected = workerVersion({ worker: read(root, WORKER_SOURCE), imports });
    expect(versionIn(script)).toBe(expected);
    expect(script).toContain('importScripts("/sw-logic.js")');
    expect(script).toContain('importScripts("/sw-cache.js")');
    expect(script).not.toContain(VERSION_PLACEHOLDER);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("cache-control")).toBe("no-cache, no-store, must-revalidate");
    expect(response.headers.get("service-worker-allowed")).toBe("/");
  });

  it("gets a new VERSION when the imported logic changes, with no bump in sw.js", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "pushboard-sw-"));
    try {
      for (const file of [WORKER_SOURCE, "public/sw-logic.js", "public/sw-cache.js"])
        cpSync(path.join(process.cwd(), file), path.join(root, file));
      const before = await loadWorker(root);
      writeFileSync(path.join(root, "public/sw-logic.js"), `${read(root, "public/sw-logic.js")}\n// a fix\n`);
      const after = await loadWorker(root);

      expect(after.version).not.toBe(before.version);
      expect(versionIn(after.script)).toBe(after.version);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
