// What an outside probe of a production build found, each path tried against a real `npm start` that
// trusts no proxy (the default): rotating X-Forwarded-For (or emptying it and naming X-Real-IP) used to
// buy a fresh rate-limit budget and a fresh sign-in throttle per request, and the audit log wrote the
// forged address down. Also: the push doctor probing a port named by the Host header, a second server on
// a busy port staying alive, and a client holding a request open by trickling it.
import net from "node:net";
import { randomBytes } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { openDatabase } from "../../lib/db/client";
import { auditLog } from "../../lib/db/schema";
import { inArray } from "drizzle-orm";
import { runServerToExit, startSecondServer, type SecondServer } from "./fixtures/second-server";
import { startConnectionCounter } from "./fixtures/hostile-http";
import { e2eSettings } from "./settings";

test.setTimeout(180_000);

const PORT = e2eSettings.port + 20;
let server: SecondServer;

test.beforeAll(async () => {
  server = await startSecondServer(PORT);
});
test.afterAll(async () => {
  await server?.stop();
});

let counter = 0;
/** A different forged client address on every request, in every form the probe used. */
function forgedHeaders(): Record<string, string> {
  counter += 1;
  const forged = `10.66.${(counter >> 8) & 255}.${counter & 255}`;
  switch (counter % 3) {
    case 0:
      return { "x-forwarded-for": forged };
    case 1:
      return { "x-forwarded-for": `${forged}, 10.77.0.1` };
    default:
      return { "x-forwarded-for": ",", "x-real-ip": forged };
  }
}

async function statuses(
  request: APIRequestContext,
  count: number,
  send: (headers: Record<string, string>) => Promise<number>,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(await send(forgedHeaders()));
  return out;
}

test("a server that trusts no proxy keys every limit on the socket's address, whatever the headers say", async ({
  playwright,
}) => {
  const request = await playwright.request.newContext({ baseURL: server.baseURL });

  // test pushes: 5 per address in 10 minutes, however the address is dressed up
  const tests = await statuses(request, 8, async (headers) =>
    (
      await request.post("/api/subscriptions/test", {
        headers,
        data: { endpoint: "https://fcm.googleapis.com/fcm/send/x", auth: "YWJj" },
      })
    ).status(),
  );
  expect(
    tests.slice(0, 5).every((s) => s !== 429),
    tests.join(" "),
  ).toBe(true);
  expect(tests.slice(5), tests.join(" ")).toEqual([429, 429, 429]);

  // subscriptions: 30 a minute for the whole subscription API (the 5 test pushes spent some of it)
  const posts = await statuses(request, 40, async (headers) =>
    (await request.post("/api/subscriptions", { headers, data: {} })).status(),
  );
  expect(posts.filter((s) => s === 429).length, posts.join(" ")).toBeGreaterThanOrEqual(15);
  expect(posts.slice(-5), posts.join(" ")).toEqual([429, 429, 429, 429, 429]);

  // sign-in guesses across many accounts: the address throttle holds after 5 failures
  const csrf = await request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const run = randomBytes(3).toString("hex");
  const emails: string[] = [];
  const guesses = await statuses(request, 10, async (headers) => {
    const email = `guess-${run}-${emails.length}@example.com`;
    emails.push(email);
    const response = await request.post("/api/auth/callback/credentials", {
      headers: { ...headers, "x-auth-return-redirect": "1" },
      form: { email, password: "wrong password", csrfToken },
    });
    return response.status();
  });
  expect(guesses.slice(0, 5), guesses.join(" ")).toEqual([401, 401, 401, 401, 401]);
  expect(guesses.slice(5), guesses.join(" ")).toEqual([429, 429, 429, 429, 429]);

  // the audit log names the socket's address, never a forged one
  const db = openDatabase(server.databasePath);
  try {
    const rows = db
      .select({ ip: auditLog.ip, details: auditLog.details })
      .from(auditLog)
      .where(inArray(auditLog.action, ["auth.sign_in_failed", "auth.sign_in_blocked"]))
      .all();
    expect(rows.length).toBe(10);
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(["127.0.0.1"]));
  } finally {
    db.$client.close();
  }
  await request.dispose();
});

test("the push doctor fetches from the server's own address, never from the Host header", async ({ page }) => {
  const trapPort = e2eSettings.port + 21;
  const trap = await startConnectionCounter(trapPort);
  try {
    // the main server, signed in as the owner: the doctor page with a Host naming another local port
    const response = await page.request.get("/admin/settings/doctor", { headers: { host: `localhost:${trapPort}` } });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("Push doctor");
    expect(trap.connections(), "the doctor connected to the port named by Host").toBe(0);
  } finally {
    await trap.close();
  }
});

test("a second server on a busy port exits instead of lingering with its sender", async () => {
  const result = await runServerToExit({ PORT: String(e2eSettings.port), SENDER_MODE: "inline" }, 90_000);
  expect(result.code, result.output).toBe(1);
  expect(result.output).toContain("already in use");
});

/** Opens a connection, writes `start`, then one more byte a second; resolves with how long the server kept it open. */
function trickle(port: number, start: string, drip: string): Promise<number> {
  return new Promise((resolve) => {
    const began = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => socket.write(start));
    const timer = setInterval(() => socket.writable && socket.write(drip), 1_000);
    socket.on("data", () => {});
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(timer);
      resolve(Date.now() - began);
    });
    setTimeout(() => socket.destroy(), 120_000);
  });
}

test("a client that trickles its headers or its body is cut off", async () => {
  const [headers, body] = await Promise.all([
    trickle(PORT, "POST /api/receipts HTTP/1.1\r\nHost: localhost\r\n", "X-Slow: 1\r\n"),
    trickle(
      PORT,
      "POST /api/admin/subscriptions-import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\n",
      "a",
    ),
  ]);
  expect(headers, "a trickle of headers was held open").toBeLessThan(20_000);
  expect(body, "a trickle of body was held open").toBeLessThan(70_000);
});
