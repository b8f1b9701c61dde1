// The worker's VERSION names its caches, so it must change whenever the worker's code does; a number
// bumped by hand was forgotten as often as not. It is a hash of the code instead: the source of sw.js
// (placeholder and all, so the hash does not depend on itself) and of every script it importScripts.
import { createHash } from "node:crypto";

/** Stands in sw.js for the VERSION that renderWorker puts in. */
export const VERSION_PLACEHOLDER = "__PUSHBOARD_SW_VERSION__";

export type WorkerSources = { worker: string; imports: readonly string[] };

/**
 * The site paths sw.js loads with importScripts("/…js"), in order. Read from the source, so a script
 * added there is part of the version without a list here to update.
 */
export function importedScripts(worker: string): string[] {
  return [...worker.matchAll(/importScripts\(\s*(["'])(.*?)\1\s*\)/g)].map((match) => {
    const url = match[2] ?? "";
    if (!/^\/[\w.-]+\.js$/.test(url))
      throw new Error(`sw.js imports ${url}: only scripts at the site's root (public/) are supported`);
    return url;
  });
}

/** "v-" and 16 hex digits of sha256 over the sources; each is length-prefixed so no two splits collide. */
export function workerVersion(sources: WorkerSources): string {
  const hash = createHash("sha256");
  for (const part of [sources.worker, ...sources.imports]) hash.update(`${Buffer.byteLength(part)}:`).update(part);
  return `v-${hash.digest("hex").slice(0, 16)}`;
}

/** The script the browser gets: the source with its version in place of the placeholder. */
export function renderWorker(sources: WorkerSources): { version: string; script: string } {
  const found = sources.worker.split(VERSION_PLACEHOLDER).length - 1;
  // a source without it would be served with a fixed version, the very mistake this replaces
  if (found !== 1) throw new Error(`sw.js must contain ${VERSION_PLACEHOLDER} exactly once (found ${found})`);
  const version = workerVersion(sources);
  return { version, script: sources.worker.replace(VERSION_PLACEHOLDER, version) };
}
