// The browser tests' web server: a fresh database (SQLite, or PostgreSQL with E2E_DATABASE=postgres),
// the test TLS certificate trusted, the app built into its own folder and started. Playwright runs this
// as its webServer command.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync, mkdirSync } from "node:fs";
import { ensureTestTls } from "../support/tls";
import { serveDatabase } from "./serve-database";
import { e2eSettings as s } from "./settings";

let server: ChildProcess | undefined;
// before the server runs, a signal ends this process through exit(), so the exit handler stops the cluster
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => (server ? server.kill(signal) : process.exit(130)));

async function main() {
  rmSync(s.artifacts, { recursive: true, force: true });
  mkdirSync(s.artifacts, { recursive: true });
  const tls = ensureTestTls();
  const database = await serveDatabase();
  // the cluster goes with this process however it ends: its server's exit, a signal, an error
  process.on("exit", () => database.stop());

  // the engine is this run's choice: a DATABASE_URL or DATABASE_PATH of the caller's shell never leaks in
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.DATABASE_PATH;
  const env = {
    ...inherited,
    NODE_ENV: "production" as const,
    ...database.env,
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
  server = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], { env, stdio: "inherit" });
  server.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
