// Auth.js answers every refusal with a redirect to the sign-in page; our own forms never use its POST
// endpoints (they call signIn() in a server action), so a direct caller of /api/auth/* gets the API's
// error shape with a real 4xx instead. The body limit and types are the route's declaration
// (app/api/auth/[...nextauth]/route.ts).
import { DomainError, type ErrorCode } from "@/lib/errors/domain-error";
import { errorResponse } from "@/lib/http/error-answer";

/** A sign-in form is a few hundred bytes: email, password (≤ 1 KB), CSRF token, callback URL. */
export const AUTH_BODY_LIMIT = 8 * 1024;

/** The only two body types Auth.js reads. */
export const AUTH_BODY_TYPES = ["application/x-www-form-urlencoded", "application/json"] as const;

type Refusal = { code: ErrorCode; message: string };

function refusalFor(error: string, code: string | null): Refusal {
  if (error === "CredentialsSignin" && code === "throttled") {
    return { code: "rate_limited", message: "Too many attempts. Try again later." };
  }
  if (error === "CredentialsSignin")
    return { code: "invalid_credentials", message: "That email and password do not match an account." };
  if (error === "MissingCSRF") return { code: "csrf_failed", message: "The request has no valid CSRF token." };
  // Auth.js names a failure it did not expect "Configuration": that is ours, not the caller's.
  if (error === "Configuration")
    return { code: "internal_error", message: "Something went wrong on our side. Please try again." };
  const name = /^[A-Za-z]{1,40}$/.test(error) ? error : "AuthError";
  return { code: "auth_refused", message: `The request was refused (${name}).` };
}

async function redirectTarget(response: Response, returnsRedirectAsJson: boolean): Promise<string | null> {
  const location = response.headers.get("location");
  if (location) return location;
  // With X-Auth-Return-Redirect, Auth.js answers 200 { url } instead of a redirect.
  if (!returnsRedirectAsJson || response.status !== 200) return null;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { url?: unknown } | null;
  return typeof body?.url === "string" ? body.url : null;
}

/**
 * Auth.js's refusal (a redirect to the error page with ?error=) as a 4xx in the API's error shape; any
 * other response, a successful sign-in included, is returned untouched. Cookies Auth.js set are kept.
 */
export async function toAuthApiResponse(
  response: Response,
  errorPagePath: string,
  returnsRedirectAsJson = false,
): Promise<Response> {
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
  return withCookies(errorResponse(new DomainError(refusal.code, refusal.message)), response);
}

async function inOurShape(response: Response): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
  if (typeof body?.error?.code === "string" && typeof body.error.message === "string") return response;
  const refused = errorResponse(new DomainError("auth_refused", "The request was refused."));
  return new Response(refused.body, { status: response.status, headers: refused.headers });
}

function withCookies(answer: Response, from: Response): Response {
  if (answer === from) return answer;
  for (const cookie of from.headers.getSetCookie()) answer.headers.append("Set-Cookie", cookie);
  return answer;
}
