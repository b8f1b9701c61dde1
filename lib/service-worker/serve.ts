// /sw.js as the browser fetches it (app/sw.js/route.ts): the source rendered with its content version,
// and the headers a service worker script needs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { importedScripts, renderWorker } from "./version";

/** Where the worker's source lives; what it imports is served from public/ as plain files. */
export const WORKER_SOURCE = path.join("lib", "service-worker", "sw.js");

export const WORKER_HEADERS = {
  "Content-Type": "text/javascript; charset=utf-8",
  // revalidated on every update check, so a new version takes over promptly (registered with
  // updateViaCache: "none" too; imported scripts are checked the same way)
  "Cache-Control": "no-cache, no-store, must-revalidate",
  "Service-Worker-Allowed": "/",
} as const;

/**
 * Reads the sources on each request rather than once per process: two small files, fetched on the
 * browser's update checks only, and an edit in `npm run dev` is served (with a new version) at once.
 */
export async function loadWorker(root: string = process.cwd()): Promise<{ version: string; script: string }> {
  const worker = await readFile(path.join(root, WORKER_SOURCE), "utf8");
  const imports = await Promise.all(
    importedScripts(worker).map((url) => readFile(path.join(root, "public", url), "utf8")),
  );
  return renderWorker({ worker, imports });
}

export async function serviceWorkerResponse(root?: string): Promise<Response> {
  const { script } = await loadWorker(root);
  return new Response(script, { status: 200, headers: WORKER_HEADERS });
}
