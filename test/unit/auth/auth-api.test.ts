// The edge in front of Auth.js's POST endpoints: the route's declaration bounds the body and takes only
// the two types Auth.js reads (refused before Auth.js sees a byte), and Auth.js's error-page redirects
// become 4xx answers. The responses fed to toAuthApiResponse have the exact shapes @auth/core's Auth()
// returns (a 302 with Location, or 200 { url } with X-Auth-Return-Redirect).
import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  process.env.DATABASE_PATH = path.join(mkdtempSync(path.join(tmpdir(), "pushboard-auth-api-")), "test.db");
});

import { POST } from "@/app/api/auth/[...nextauth]/route";
import { AUTH_BODY_LIMIT, toAuthApiResponse } from "@/lib/auth/auth-api-answers";

const URL_BASE = "http://localhost:3000/api/auth/callback/credentials";
const SIGN_IN = "/admin/sign-in";

function post(body: BodyInit | null, headers: Record<string, string>) {
  return new Request(URL_BASE, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

async function refusal(request: Request) {
  const response = await POST(request);
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code };
}

describe("POST /api/auth before Auth.js", () => {
  it.each([["text/plain"], ["multipart/form-data; boundary=x"], ["application/xml"], [""]])(
    "refuses Content-Type %j with 415",
    async (type) => {
      expect(await refusal(post("email=a", type ? { "content-type": type } : {}))).toEqual({
        status: 415,
        code: "unsupported_media_type",
      });
    },
  );

  it("refuses a body over the limit by Content-Length and by counting a chunked stream", async () => {
    const big = "a=" + "x".repeat(AUTH_BODY_LIMIT);
    expect((await refusal(post(big, { "content-type": "application/x-www-form-urlencoded" }))).status).toBe(413);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024;
        if (sent > 1024 * 1024) return controller.close(); // a megabyte at most, if the limit failed
        controller.enqueue(new Uint8Array(1024).fill(97));
      },
    });
    expect((await refusal(post(stream, { "content-type": "application/x-www-form-urlencoded" }))).status).toBe(413);
    expect(sent).toBeLessThanOrEqual(AUTH_BODY_LIMIT + 2048); // stopped reading right after the limit
  });

  it.each([['{"email":'], ["{'a':1}"], ["\u0000"]])("refuses malformed JSON %j with 400", async (body) => {
    expect(await refusal(post(body, { "content-type": "application/json" }))).toEqual({
      status: 400,
      code: "malformed_json",
    });
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
    const answer = await toAuthApiResponse(
      redirect(`http://localhost:3000${SIGN_IN}?error=${query}`, ["authjs.csrf-token=abc; Path=/"]),
      SIGN_IN,
    );
    expect(answer.status).toBe(status);
    expect(((await answer.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code,
      message: expect.any(String),
    });
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
