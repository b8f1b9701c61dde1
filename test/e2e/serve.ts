// The browser tests' web server: a fresh database, the test TLS certificate trusted, the app built
// into its own folder and started. Playwright runs this as its webServer command.
import { spawn, spawnSync } from "node:child_process";
import { rmSync, mkdirSync } from "node:fs";
import { ensureTestTls } from "../support/tls";
import { e2eSettings as s } from "./settings";

rmSync(s.artifacts, { recursive: true, force: true });
mkdirSync(s.artifacts, { recursive: true });
const tls = ensureTestTls();

const env = {
  ...process.env,
  NODE_ENV: "production" as const,
  DATABASE_PATH: s.databasePath,
  NEXT_DIST_DIR: s.distDir,
  NODE_EXTRA_CA_CERTS: tls.caBundlePath,
  PUSH_EXTRA_HOSTS: [`localhost:${s.webPushTestingPort}`, `localhost:${s.strictPushPort}`].join(","),
  PORT: String(s.port),
  // The specs play many visitors from one machine: they act as the one reverse proxy in front, and name
  // each visitor in X-Forwarded-For (test/e2e/forged-headers.spec.ts runs a server that trusts nobody).
  TRUST_PROXY: "1",
};

if (process.env.E2E_SKIP_BUILD !== "1") {
  const build = spawnSync("npx", ["next", "build"], { env, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
// what `npm start` runs: Next behind our server, which answers the visitor API's hot routes directly
const server = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
