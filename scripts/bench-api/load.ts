// The two request streams of the API benchmark, as browsers would send them: each request comes from
// its own visitor address (X-Forwarded-For, the key of the per-address rate limits, as a reverse proxy
// sets it), so the limits stay on and 200 connections look like many visitors, not one abusive client.
import autocannon, { type AutocannonResult } from "autocannon";
import { createECDH, randomBytes } from "node:crypto";

export type StreamResult = { name: string; result: AutocannonResult; statuses: Record<string, number> };

let visitor = 0;
/** A distinct address per request: 10.0.0.1, 10.0.0.2, … */
function nextAddress(): string {
  visitor++;
  return `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
}

/** Real P-256 public keys (the server checks the point is on the curve); generating one per request would load the benchmark's own CPU. */
export function keyPool(size = 512): { p256dh: string; auth: string }[] {
  return Array.from({ length: size }, () => {
    const ecdh = createECDH("prime256v1");
    return { p256dh: ecdh.generateKeys().toString("base64url"), auth: randomBytes(16).toString("base64url") };
  });
}

function stream(
  name: string,
  options: { baseUrl: string; connections: number; durationS: number; path: string; body: () => string; rate?: number },
): Promise<StreamResult> {
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: options.baseUrl,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    // open loop at a fixed rate (requests/s over all connections); without it, closed loop: every
    // connection sends its next request as soon as the last is answered, i.e. the server is saturated
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        method: "POST",
        path: options.path,
        setupRequest: (request) => ({
          ...request,
          headers: { "content-type": "application/json", origin: options.baseUrl, "x-forwarded-for": nextAddress() },
          body: options.body(),
        }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  stopOnSignal.add(instance);
  return instance.then((result) => {
    stopOnSignal.delete(instance);
    return { name, result, statuses };
  });
}

export const stopOnSignal = new Set<{ stop(): void }>();

export function subscriptionStream(o: {
  baseUrl: string;
  connections: number;
  durationS: number;
  sinkOrigin: string;
  vapidPublicKey: string;
  rate?: number;
}) {
  const keys = keyPool();
  let n = 0;
  const run = randomBytes(4).toString("hex");
  return stream("POST /api/subscriptions", {
    ...o,
    path: "/api/subscriptions",
    body: () => {
      n++;
      return JSON.stringify({
        endpoint: `${o.sinkOrigin}/push/load-${run}-${n}`,
        expirationTime: null,
        keys: keys[n % keys.length],
        vapidPublicKey: o.vapidPublicKey,
        language: "en-GB",
        timeZone: "Europe/Berlin",
      });
    },
  });
}

export function receiptStream(o: {
  baseUrl: string;
  connections: number;
  durationS: number;
  tokens: string[];
  rate?: number;
}) {
  // every delivery reports "shown", a third also "clicked"; past the end, repeats (idempotent duplicates)
  const receipts: string[] = [];
  for (const [i, token] of o.tokens.entries()) {
    receipts.push(JSON.stringify({ token, kind: "shown" }));
    if (i % 3 === 0) receipts.push(JSON.stringify({ token, kind: "clicked" }));
  }
  let n = 0;
  return stream("POST /api/receipts", { ...o, path: "/api/receipts", body: () => receipts[n++ % receipts.length]! });
}
