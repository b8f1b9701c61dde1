// Preloaded (node --require) into the bench's worker processes. Their threads (the encryption workers)
// inherit the flag, and a thread cannot load TypeScript at that point: only the main thread loads the probe.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, loaded before any loader hook */
const { isMainThread } = require("node:worker_threads");

if (isMainThread) {
  require("tsx/cjs");
  require("./pg-probe.ts");
}
