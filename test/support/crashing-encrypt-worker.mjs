// The real encryption worker, except that a batch holding the payload "crash" ends the thread:
// lets tests check what the pool does when a thread dies with messages in flight.
import { createECDH } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { encryptBatch } from "../../lib/push/aes128gcm.mjs";

const ecdh = createECDH("prime256v1");
parentPort?.on(
  "message",
  (/** @type {{ id: number, jobs: { payload: string, p256dh: string, auth: string }[] }} */ { id, jobs }) => {
    if (jobs.some((job) => job.payload === "crash")) process.exit(3);
    const { buffer, results } = encryptBatch(jobs, ecdh);
    parentPort?.postMessage({ id, buffer, results }, [buffer]);
  },
);
