import path from "node:path";

// One place for the browser tests' ports and paths. E2E_PORT lets two checkouts run side by side.
const port = Number(process.env.E2E_PORT ?? 3100);
const artifacts = path.join(process.cwd(), "test/.artifacts", `e2e-${port}`);

export const e2eSettings = {
  port,
  baseURL: `http://localhost:${port}`,
  artifacts,
  databasePath: path.join(artifacts, "pushboard.db"),
  distDir: `.next-e2e-${port}`,
  authFile: path.join(artifacts, "owner.json"),
  owner: { email: "owner@example.com", password: "correct horse battery staple" },
  // Test push services run beside the app on fixed ports so the app can allow their hosts.
  webPushTestingPort: port + 1,
  strictPushPort: port + 2,
};
