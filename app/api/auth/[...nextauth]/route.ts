// GET, POST /api/auth/* — Auth.js endpoints: session, CSRF token, credentials callback, sign-out.
// POST bodies are bounded and refusals answered as 4xx JSON before and after Auth.js (lib/auth/post-guard.ts).
import { NextRequest } from "next/server";
import { handlers, SIGN_IN_PATH } from "@/lib/auth/auth";
import { readAuthPostBody, toAuthApiResponse } from "@/lib/auth/post-guard";
import { handleErrors } from "@/lib/http/errors";

export const { GET } = handlers;

export function POST(request: NextRequest) {
  return handleErrors("POST /api/auth", async () => {
    const { text } = await readAuthPostBody(request);
    const headers = new Headers(request.headers);
    headers.delete("content-length");
    headers.delete("transfer-encoding");
    const response = await handlers.POST(new NextRequest(request.url, { method: "POST", headers, body: text }));
    return toAuthApiResponse(response, SIGN_IN_PATH, request.headers.has("x-auth-return-redirect"));
  });
}
