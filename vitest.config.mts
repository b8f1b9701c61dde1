import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      // the marker that keeps server modules out of client bundles; tests run them as the server does
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // one throwaway PostgreSQL cluster per run: the database tests run on it as well as on SQLite
    globalSetup: ["test/support/postgres-global-setup.ts"],
    // next-auth imports "next/server" without an extension; inlined, Vite resolves it as Next does.
    server: { deps: { inline: ["next-auth"] } },
  },
});
