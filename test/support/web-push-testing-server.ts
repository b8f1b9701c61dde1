// web-push-testing (a push service emulator by others that really decrypts and checks VAPID keys and
// signatures) served in-process over https, since its own CLI daemonises and speaks plain http.
import { createRequire } from "node:module";
import { createServer, request, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { RequestListener } from "node:http";
import path from "node:path";
import { ensureTestTls } from "./tls";

// Resolved from the project root: import.meta would make Playwright load this file as ESM, and fail.
const require = createRequire(path.join(process.cwd(), "package.json"));

type WptServer = { _app: RequestListener; setRequestHandlers(): void };
type WptModelCtor = new () => { notifyUrl: string };

export type WebPushTestingSubscription = {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  clientHash: string;
};

export type WebPushTestingService = {
  origin: string;
  subscribe(applicationServerKey: string): Promise<WebPushTestingSubscription>;
  notifications(clientHash: string): Promise<string[]>;
  expire(clientHash: string): Promise<void>;
  close(): Promise<void>;
};

/**
 * One per process: web-push-testing keeps its model in a module-level variable. Port 0 picks a free
 * port; the browser tests pass e2eSettings.webPushTestingPort, the host:port the app server allows.
 */
export async function startWebPushTesting(port = 0): Promise<WebPushTestingService> {
  // `require('web-push-testing')` fails: its package main is wrong.
  const WebPushTestingServer = require("web-push-testing/src/server.js") as new (
    model: unknown,
    port: number,
  ) => WptServer;
  const { PushApiModel } = require("web-push-testing/src/PushApiModel.js") as { PushApiModel: WptModelCtor };
  const model = new PushApiModel();
  const wpt = new WebPushTestingServer(model, 0);
  wpt.setRequestHandlers();
  const tls = ensureTestTls();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, wpt._app);
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  model.notifyUrl = `${origin}/notify/`;

  const call = (path: string, body: unknown) =>
    new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const text = JSON.stringify(body);
      const req = request(
        `${origin}${path}`,
        {
          method: "POST",
          ca: tls.cert,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
        },
        (res) => {
          let data = "";
          res.on("data", (chunk) => (data += chunk));
          res.on("end", () => {
            const isJson = /json/.test(res.headers["content-type"] ?? "");
            resolve({ status: res.statusCode ?? 0, json: isJson && data ? JSON.parse(data) : data });
          });
        },
      );
      req.on("error", reject);
      req.end(text);
    });

  return {
    origin,
    async subscribe(applicationServerKey) {
      const res = await call("/subscribe", { applicationServerKey, userVisibleOnly: "true" });
      if (res.status !== 200) throw new Error(`subscribe failed: ${JSON.stringify(res.json)}`);
      return (res.json as { data: WebPushTestingSubscription }).data;
    },
    async notifications(clientHash) {
      const res = await call("/get-notifications", { clientHash });
      if (res.status !== 200) throw new Error(`get-notifications failed: ${JSON.stringify(res.json)}`);
      return (res.json as { data: { messages: string[] } }).data.messages;
    },
    async expire(clientHash) {
      const res = await call(`/expire-subscription/${clientHash}`, {});
      if (res.status !== 200) throw new Error(`expire failed: ${JSON.stringify(res.json)}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
