// Importing the env module validates process.env before Next starts: a bad value stops here with a readable message.
import { env } from "./lib/env.mjs";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  distDir: env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // forbidden(): admin pages answer 403 with app/admin/forbidden.tsx when the role is too low.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ["better-sqlite3", "web-push"],
  async headers() {
    return [
      {
        // Our service worker must always be revalidated so a new version takes over promptly.
        source: "/sw.js",
        headers: [
          { key: "Cache-Control", value: "no-cache, no-store, must-revalidate" },
          { key: "Service-Worker-Allowed", value: "/" },
        ],
      },
    ];
  },
};

export default nextConfig;
