// @ts-check
// npm test's second browser pass: the specs that cover the paths where the engines differ most (a
// campaign sent and delivered, receipts and renewals, sign-in and its throttle, every role against every
// route, hostile input that must store nothing, the REST API's journey and hostile input, real Firefox
// delivery), again with the server on PostgreSQL. It serves the build the SQLite pass just made
// (E2E_DIST_DIR, E2E_SKIP_BUILD) on ports of its own. Kept to these ten so npm test stays under 25
// minutes: campaign management, session expiry
// and the team's invitations run on PostgreSQL in their vitest suites (the verbs behind those pages).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

export const POSTGRES_SPECS = [
  "campaigns-journey",
  "site-push",
  "site-renewal",
  "admin-auth",
  "server-action-origin",
  "admin-guards",
  "hostile-input",
  "api-journey",
  "hostile-api",
  "zz-firefox-delivery",
];

const firstPort = Number(process.env.E2E_PORT ?? 3100);
const port = Number(process.env.E2E_PG_PORT ?? firstPort + 100);
const distDir = process.env.E2E_DIST_DIR ?? `.next-e2e-${firstPort}`;
// run on its own before any SQLite pass, it makes the build itself (into the same folder)
const built = existsSync(path.join(distDir, "BUILD_ID"));
const env = {
  ...process.env,
  E2E_DATABASE: "postgres",
  E2E_PORT: String(port),
  E2E_DIST_DIR: distDir,
  E2E_SKIP_BUILD: built ? "1" : "0",
};
console.log(
  `PostgreSQL pass on port ${port}, ${built ? "serving" : "building"} ${distDir}: ${POSTGRES_SPECS.join(", ")}`,
);
const run = spawnSync("npx", ["playwright", "test", ...POSTGRES_SPECS, ...process.argv.slice(2)], {
  env,
  stdio: "inherit",
});
process.exit(run.status ?? 1);
