// Importing the env module validates process.env before Next starts: a bad value stops here with a readable message.
import { env } from "./lib/env.mjs";
import { RESOURCE_POLICY, resourceHeaders as securityHeaders, siteMode } from "./lib/http/security-headers.mjs";

// proxy.ts sets the security headers of pages and public files at request time (a nonce per page, HSTS
// from the running server's PUBLIC_URL). Route handlers, build files and the image optimizer skip the
// proxy and get them here, with HSTS as the build's environment says.
const resourceHeaders = securityHeaders(siteMode(env)).map(([key, value]) => ({ key, value }));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  distDir: env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // forbidden(): admin pages answer 403 with app/admin/forbidden.tsx when the role is too low.
  experimental: { authInterrupts: true },
  // Native and server-only packages stay outside the bundle.
  serverExternalPackages: ["better-sqlite3"],
  // The image optimizer sets its own CSP on what it serves; ours adds frame-ancestors to its sandbox.
  images: { contentSecurityPolicy: `${RESOURCE_POLICY}; sandbox` },
  async headers() {
    return [
      { source: "/api/:path*", headers: resourceHeaders },
      { source: "/_next/static/:path*", headers: resourceHeaders },
      { source: "/_next/image", headers: resourceHeaders.filter(({ key }) => key !== "Content-Security-Policy") },
      // /sw.js sets its own Cache-Control and Service-Worker-Allowed (lib/service-worker/serve.ts).
    ];
  },
};

export default nextConfig;
