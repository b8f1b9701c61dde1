import path from "node:path";

// One place for the browser tests' ports and paths. E2E_PORT lets two checkouts run side by side.
const port = Number(process.env.E2E_PORT ?? 3100);
const artifacts = path.join(process.cwd(), "test/.artifacts", `e2e-${port}`);

// E2E_DATABASE=postgres serves the app from a throwaway PostgreSQL cluster instead of a SQLite file.
const engine = process.env.E2E_DATABASE ?? "sqlite";
if (engine !== "sqlite" && engine !== "postgres")
  throw new Error(`E2E_DATABASE must be "sqlite" or "postgres", not "${engine}"`);

export const e2eSettings = {
  port,
  baseURL: `http://localhost:${port}`,
  artifacts,
  engine: engine as "sqlite" | "postgres",
  /** SQLite runs only: the server's database file. */
  databasePath: path.join(artifacts, "pushboard.db"),
  /** Where serve.ts says the server's database is ({ engine, path } or { engine, url }), for the specs. */
  databaseRecord: path.join(artifacts, "database.json"),
  // E2E_DIST_DIR with E2E_SKIP_BUILD=1 serves a build another pass made (the PostgreSQL pass of npm test)
  distDir: process.env.E2E_DIST_DIR ?? `.next-e2e-${port}`,
  authFile: path.join(artifacts, "owner.json"),
  owner: { email: "owner@example.com", password: "correct horse battery staple" },
  // Test push services run beside the app on fixed ports so the app can allow their hosts.
  webPushTestingPort: port + 1,
  strictPushPort: port + 2,
};
