// GET /sw.js — our service worker, its VERSION a hash of its code (lib/service-worker/version.ts).
// The proxy runs in front of it (no body to buffer on a GET) and adds the worker's own CSP.
import { defineEndpoint } from "@/lib/http/endpoint";
import { serviceWorkerResponse } from "@/lib/service-worker/serve";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /sw.js",
  access: "public",
  handle() {
    return serviceWorkerResponse();
  },
});
