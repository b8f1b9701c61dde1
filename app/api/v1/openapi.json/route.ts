// GET /api/v1/openapi.json — the API's OpenAPI 3.1 document, public like any API reference (it holds no
// data, only the shape of the API), built from the routes' own declarations.
import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env.mjs";
import { defineEndpoint } from "@/lib/http/endpoint";
import { sharedRateLimiter } from "@/lib/http/rate-limit";
import { API_ROUTES } from "../_routes";

export const dynamic = "force-dynamic";

const documentLimiter = sharedRateLimiter("openapi-document", { limit: 60, windowMs: 60_000 });

export const GET = defineEndpoint({
  label: "GET /api/v1/openapi.json",
  access: "public",
  limiter: documentLimiter,
  handle({ url }) {
    const origin = env.PUBLIC_URL?.replace(/\/$/, "") ?? url.origin;
    return { status: 200, json: openApiDocument(API_ROUTES, origin) };
  },
});
