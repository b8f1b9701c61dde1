// (c) the crypto floor: request building alone (our RFC 8291 code, as (b) uses it) on every core;
// web-push's generateRequestDetails is measured the same way for reference. Each thread loads this
// file, which runs floorWorker() there.
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import webpush from "web-push";
import { encodePushPayload } from "@/lib/push/payload";
import { buildPushRequest } from "@/lib/push/request";
import { createVapidAuth } from "@/lib/push/vapid";
import { generateVapidKeys } from "@/lib/settings/bootstrap";
import { KEY_POOL, keyPool, PAYLOAD } from "./common";

export async function cryptoFloor(count: number, builder: "ours" | "web-push") {
  const threads = availableParallelism();
  const vapid = generateVapidKeys("mailto:bench@pushboard.dev");
  const workers = Array.from(
    { length: threads },
    (_, i) =>
      // A .ts worker entry needs tsx's require hook installed inside the worker first.
      new Worker(`require("tsx/cjs"); require(${JSON.stringify(__filename)});`, {
        eval: true,
        workerData: { count: Math.ceil(count / threads), seed: i, vapid, builder },
      }),
  );
  const ready = workers.map((w) => new Promise((resolve) => w.once("message", resolve)));
  await Promise.all(ready);
  const started = performance.now();
  const done = workers.map((w) => new Promise((resolve) => w.once("message", resolve)));
  for (const w of workers) w.postMessage("go");
  await Promise.all(done);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.terminate()));
  return { rate: (Math.ceil(count / threads) * threads) / seconds, seconds, threads };
}

function floorWorker() {
  const { count, vapid, builder } = workerData as {
    count: number;
    vapid: ReturnType<typeof generateVapidKeys>;
    builder: "ours" | "web-push";
  };
  const keys = keyPool();
  const auth = createVapidAuth(vapid);
  const payload = encodePushPayload({ ...PAYLOAD, receiptToken: "r".repeat(22) }).json;
  parentPort!.once("message", () => {
    for (let i = 0; i < count; i++) {
      const key = keys[i % KEY_POOL]!;
      const endpoint = `https://push.example.net/push/${i}`;
      const authorization = auth.header("https://push.example.net");
      if (builder === "ours")
        buildPushRequest({ endpoint, ...key }, { payload, ttl: 86_400, urgency: "normal" }, authorization);
      else
        webpush.generateRequestDetails({ endpoint, keys: key }, payload, {
          vapidDetails: null as never,
          TTL: 86_400,
          contentEncoding: "aes128gcm",
          headers: { Authorization: authorization },
        });
    }
    parentPort!.postMessage("done");
  });
  parentPort!.postMessage("ready");
}

if (!isMainThread && (workerData as { builder?: string } | null)?.builder) floorWorker();
