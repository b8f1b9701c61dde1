// GET, POST /api/auth/* — Auth.js endpoints: session, CSRF token, credentials callback, sign-out.
// POST bodies are bounded and typed by the declaration; Auth.js's refusals (redirects to the sign-in
// page) become 4xx answers in the API's error shape (lib/auth/auth-api-answers.ts).
import { NextRequest } from "next/server";
import { handlers, SIGN_IN_PATH } from "@/lib/auth/auth";
import { AUTH_BODY_LIMIT, AUTH_BODY_TYPES, toAuthApiResponse } from "@/lib/auth/auth-api-answers";
import { defineEndpoint } from "@/lib/http/endpoint";
import { mediaType, parseJsonText } from "@/lib/http/request-body";

const asNextRequest = (request: Request | null) =>
  request instanceof NextRequest ? request : new NextRequest(request!);

export const GET = defineEndpoint({
  label: "GET /api/auth",
  access: "public",
  handle: ({ request }) => handlers.GET(asNextRequest(request)),
});

export const POST = defineEndpoint({
  label: "POST /api/auth",
  access: "public",
  body: { text: AUTH_BODY_TYPES, maxBytes: AUTH_BODY_LIMIT },
  async handle({ body, headers, request }) {
    if (mediaType(headers.get("content-type")) === "application/json") parseJsonText(body);
    // Auth.js reads the body again: hand it the text already read, without the original framing
    const forwarded = new Headers(request!.headers);
    forwarded.delete("content-length");
    forwarded.delete("transfer-encoding");
    const response = await handlers.POST(new NextRequest(request!.url, { method: "POST", headers: forwarded, body }));
    return toAuthApiResponse(response, SIGN_IN_PATH, headers.get("x-auth-return-redirect") !== null);
  },
});
