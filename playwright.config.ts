import { defineConfig, devices } from "@playwright/test";
import { findChromium } from "./test/e2e/chromium-path.mjs";
import { e2eSettings } from "./test/e2e/settings";

const { baseURL, authFile } = e2eSettings;

export default defineConfig({
  testDir: "./test/e2e",
  outputDir: "./test/.artifacts/playwright",
  fullyParallel: false,
  workers: 1,
  // a flaky test is a bug to find, not to retry
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: findChromium(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // First visit to /admin creates the owner; the signed-in state is saved for every later test.
    { name: "setup", testMatch: /owner\.setup\.ts/ },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], storageState: authFile },
      dependencies: ["setup"],
      testIgnore: /owner\.setup\.ts/,
    },
  ],
  webServer: {
    // Builds the app and serves it on a fresh temporary database (see serve.ts).
    command: "npx tsx test/e2e/serve.ts",
    // a signal, not Playwright's default SIGKILL: serve.ts then stops the PostgreSQL cluster it started
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    url: `${baseURL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: !process.env.CI && process.env.E2E_REUSE_SERVER === "1",
    stdout: "pipe",
    stderr: "pipe",
  },
});
