// @ts-check
// The encryption worker thread (see encrypt-pool.ts): takes a batch of messages, answers with one
// body or one error per message, in order, all bodies in one transferred buffer.
import { createECDH } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { encryptBatch } from "./aes128gcm.mjs";
import { env } from "../env.mjs";
import { lowerPriority } from "../sender/priority.mjs";

if (!parentPort) throw new Error("encrypt-worker.mjs runs only as a worker thread");
const port = parentPort;
// most of a message's CPU is spent here: it yields to the web server's event loop (SENDER_NICE)
lowerPriority(env.SENDER_NICE);
const ecdh = createECDH("prime256v1");

port.on(
  "message",
  (/** @type {{ id: number, jobs: { payload: string, p256dh: string, auth: string }[] }} */ { id, jobs }) => {
    const { buffer, results } = encryptBatch(jobs, ecdh);
    port.postMessage({ id, buffer, results }, [buffer]);
  },
);
