// The encryption worker thread (see encrypt-pool.ts): takes a batch of messages, answers with one
// body or one error per message, in order, all bodies in one transferred buffer.
import { createECDH } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { encryptBatch } from "./aes128gcm.mjs";

if (!parentPort) throw new Error("encrypt-worker.mjs runs only as a worker thread");
const port = parentPort;
const ecdh = createECDH("prime256v1");

port.on("message", (/** @type {{ id: number, jobs: { payload: string, p256dh: string, auth: string }[] }} */ { id, jobs }) => {
  const { buffer, results } = encryptBatch(jobs, ecdh);
  port.postMessage({ id, buffer, results }, [buffer]);
});
