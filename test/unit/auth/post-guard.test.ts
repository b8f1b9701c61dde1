// The edge in front of Auth.js's POST endpoints: bounded bodies, only the two types Auth.js reads, and
// its error-page redirects turned into 4xx answers. The responses fed to toAuthApiResponse have the
// exact shapes @auth/core's Auth() returns (a 302 with Location, or 200 { url } with X-Auth-Return-Redirect).
import { describe, expect, it } from "vitest";
import { AUTH_BODY_LIMIT, readAuthPostBody, toAuthApiResponse } from "@/lib/auth/post-guard";
import { HttpError } from "@/lib/http/errors";

const URL_BASE = "http://localhost:3000/api/auth/callback/credentials";
const SIGN_IN = "/admin/sign-in";

function post(body: BodyInit | null, headers: Record<string, string>) {
  return new Request(URL_BASE, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function refusal(run: Promise<unknown>) {
  const error = await run.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}

describe("readAuthPostBody", () => {
  it("returns form and JSON bodies as text", async () => {
    const form = await readAuthPostBody(post("email=a%40b.c&password=x", { "content-type": "application/x-www-form-urlencoded; charset=utf-8" }));
    expect(form).toEqual({ text: "email=a%40b.c&password=x", contentType: "application/x-www-form-urlencoded" });
    const json = await readAuthPostBody(post('{"email":"a@b.c"}', { "content-type": "application/json" }));
    expect(json.text).toBe('{"email":"a@b.c"}');
  });

  it.each([["text/plain"], ["multipart/form-data; boundary=x"], ["application/xml"], [""]])("refuses Content-Type %j with 415", async (type) => {
    expect((await refusal(readAuthPostBody(post("email=a", type ? { "content-type": type } : {})))).status).toBe(415);
  });

  it("refuses a body over the limit by Content-Length and by counting a chunked stream", async () => {
    const big = "a=" + "x".repeat(AUTH_BODY_LIMIT);
    expect((await refusal(readAuthPostBody(post(big, { "content-type": "application/x-www-form-urlencoded" })))).status).toBe(413);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024;
        if (sent > 1024 * 1024) return controller.close(); // a megabyte at most, if the limit failed
        controller.enqueue(new Uint8Array(1024).fill(97));
      },
    });
    const error = await refusal(readAuthPostBody(post(stream, { "content-type": "application/x-www-form-urlencoded" })));
    expect(error.status).toBe(413);
    expect(sent).toBeLessThanOrEqual(AUTH_BODY_LIMIT + 2048); // stopped reading right after the limit
  });

  it.each([['{"email":'], ["{'a':1}"], ["\u0000"]])("refuses malformed JSON %j with 400", async (body) => {
    expect((await refusal(readAuthPostBody(post(body, { "content-type": "application/json" })))).status).toBe(400);
  });
});

function redirect(location: string, cookies: string[] = []) {
  const headers = new Headers({ Location: location });
  for (const cookie of cookies) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 302, headers });
}

describe("toAuthApiResponse", () => {
  it.each([
    ["CredentialsSignin&code=credentials", 401, "invalid_credentials"],
    ["CredentialsSignin&code=throttled", 429, "rate_limited"],
    ["MissingCSRF", 403, "csrf_failed"],
    ["UnknownAction", 400, "auth_refused"],
    ["Configuration", 500, "internal_error"],
  ])("maps ?error=%s to %i", async (query, status, code) => {
    const answer = await toAuthApiResponse(redirect(`http://localhost:3000${SIGN_IN}?error=${query}`, ["authjs.csrf-token=abc; Path=/"]), SIGN_IN);
    expect(answer.status).toBe(status);
    expect(((await answer.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code, message: expect.any(String) });
    expect(answer.headers.getSetCookie()).toEqual(["authjs.csrf-token=abc; Path=/"]);
  });

  it("does not echo an odd error name", async () => {
    const answer = await toAuthApiResponse(redirect(`${SIGN_IN}?error=%3Cscript%3E`), SIGN_IN);
    expect(answer.status).toBe(400);
    expect(await answer.text()).not.toContain("<script>");
  });

  it("maps the JSON form a caller asks for with X-Auth-Return-Redirect", async () => {
    const json = Response.json({ url: `http://localhost:3000${SIGN_IN}?error=MissingCSRF` });
    expect((await toAuthApiResponse(json, SIGN_IN, true)).status).toBe(403);
  });

  it("puts Auth.js's own 400s into the error shape", async () => {
    for (const raw of [Response.json("Bad request.", { status: 400 }), Response.json(null, { status: 400 })]) {
      const answer = await toAuthApiResponse(raw, SIGN_IN);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toEqual({ error: { code: "auth_refused", message: "The request was refused." } });
    }
  });

  it("passes a successful sign-in and other answers through untouched", async () => {
    const success = redirect("http://localhost:3000/admin", ["authjs.session-token=t; Path=/; HttpOnly"]);
    expect(await toAuthApiResponse(success, SIGN_IN)).toBe(success);
    const session = Response.json({ user: { email: "a@b.c" } });
    expect(await toAuthApiResponse(session, SIGN_IN, true)).toBe(session);
    const plainSignInLink = redirect(`http://localhost:3000${SIGN_IN}?callbackUrl=%2Fadmin`);
    expect(await toAuthApiResponse(plainSignInLink, SIGN_IN)).toBe(plainSignInLink);
  });
});
