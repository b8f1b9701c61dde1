// POST /api/auth/* comes straight from the internet. Auth.js reads any body whole, whatever its size,
// and answers every refusal with a redirect to the sign-in page; our own forms never use these
// endpoints (they call signIn() in a server action), so a direct caller gets a bounded body and the
// API's error shape with a real 4xx instead.
import { errorResponse, HttpError } from "@/lib/http/errors";
import { readBodyText } from "@/lib/http/read-json";

/** A sign-in form is a few hundred bytes: email, password (≤ 1 KB), CSRF token, callback URL. */
export const AUTH_BODY_LIMIT = 8 * 1024;

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** The body as text (the only two types Auth.js reads), refused with 415/413/400 before Auth.js sees it. */
export async function readAuthPostBody(request: Request): Promise<{ text: string; contentType: string }> {
  const contentType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (contentType !== FORM && contentType !== JSON_TYPE) {
    throw new HttpError(415, "unsupported_media_type", `Send the body as ${FORM} or ${JSON_TYPE}.`);
  }
  const text = await readBodyText(request, { maxBytes: AUTH_BODY_LIMIT });
  if (contentType === JSON_TYPE) {
    try {
      JSON.parse(text);
    } catch {
      throw new HttpError(400, "malformed_json", "The body is not valid JSON.");
    }
  }
  return { text, contentType };
}

type Refusal = { status: number; code: string; message: string };

function refusalFor(error: string, code: string | null): Refusal {
  if (error === "CredentialsSignin" && code === "throttled") {
    return { status: 429, code: "rate_limited", message: "Too many attempts. Try again later." };
  }
  if (error === "CredentialsSignin") return { status: 401, code: "invalid_credentials", message: "That email and password do not match an account." };
  if (error === "MissingCSRF") return { status: 403, code: "csrf_failed", message: "The request has no valid CSRF token." };
  // Auth.js names a failure it did not expect "Configuration": that is ours, not the caller's.
  if (error === "Configuration") return { status: 500, code: "internal_error", message: "Something went wrong on our side. Please try again." };
  const name = /^[A-Za-z]{1,40}$/.test(error) ? error : "AuthError";
  return { status: 400, code: "auth_refused", message: `The request was refused (${name}).` };
}

async function redirectTarget(response: Response, returnsRedirectAsJson: boolean): Promise<string | null> {
  const location = response.headers.get("location");
  if (location) return location;
  // With X-Auth-Return-Redirect, Auth.js answers 200 { url } instead of a redirect.
  if (!returnsRedirectAsJson || response.status !== 200) return null;
  const body = (await response.clone().json().catch(() => null)) as { url?: unknown } | null;
  return typeof body?.url === "string" ? body.url : null;
}

/**
 * Auth.js's refusal (a redirect to the error page with ?error=) as a 4xx in the API's error shape; any
 * other response, a successful sign-in included, is returned untouched. Cookies Auth.js set are kept.
 */
export async function toAuthApiResponse(response: Response, errorPagePath: string, returnsRedirectAsJson = false): Promise<Response> {
  // Auth.js's own 400s ("Bad request." for an unknown action, null for a session update without CSRF).
  if (response.status >= 400 && response.status < 500) return withCookies(await inOurShape(response), response);
  const target = await redirectTarget(response, returnsRedirectAsJson);
  if (!target) return response;
  let url: URL;
  try {
    url = new URL(target, "http://auth.invalid");
  } catch {
    return response;
  }
  const error = url.searchParams.get("error");
  if (url.pathname !== errorPagePath || error === null) return response;
  const refusal = refusalFor(error, url.searchParams.get("code"));
  return withCookies(errorResponse(refusal.status, refusal.code, refusal.message), response);
}

async function inOurShape(response: Response): Promise<Response> {
  const body = (await response.clone().json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  if (typeof body?.error?.code === "string" && typeof body.error.message === "string") return response;
  return errorResponse(response.status, "auth_refused", "The request was refused.");
}

function withCookies(answer: Response, from: Response): Response {
  if (answer === from) return answer;
  for (const cookie of from.headers.getSetCookie()) answer.headers.append("Set-Cookie", cookie);
  return answer;
}
