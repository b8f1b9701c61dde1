// Where push bodies are encrypted. The ECDH derive (~115 µs) is most of a message's CPU, and on the
// event loop it would also delay every HTTP answer the web server owes. So by default it runs on
// worker threads: messages are batched per event-loop turn, one postMessage per batch, bodies
// transferred back. The inline encryptor does the same work on the calling thread.
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { createECDH } from "node:crypto";
import { encryptBatch } from "./aes128gcm.mjs";

export type EncryptJob = { payload: string; p256dh: string; auth: string };

export interface PushEncryptor {
  /** The aes128gcm body; rejects with the reason when the keys or payload are unusable. */
  encrypt(job: EncryptJob): Promise<Buffer>;
  close(): Promise<void>;
}

export function createInlineEncryptor(): PushEncryptor {
  const ecdh = createECDH("prime256v1");
  return {
    async encrypt(job) {
      const { buffer, results } = encryptBatch([job], ecdh);
      return bodyAt(buffer, results[0]);
    },
    async close() {},
  };
}

/** Resolved from the working directory: the server and the worker both run from the project root. */
export const ENCRYPT_WORKER_FILE = path.join(process.cwd(), "lib/push/encrypt-worker.mjs");

/**
 * Turbopack reads `new Worker(path)` as an import of whatever the path might be (here: the whole
 * project, which breaks the build); built through Reflect, the thread is left to Node at run time.
 */
const startWorker = (file: string): Worker => Reflect.construct(Worker, [file]) as Worker;

type BatchResult = [offset: number, length: number] | string | undefined;

function bodyAt(buffer: ArrayBuffer, result: BatchResult): Buffer {
  if (typeof result === "string" || result === undefined)
    throw new Error(result ?? "no result from the encryption worker");
  return Buffer.from(buffer, result[0], result[1]);
}

type Pending = { resolve: (body: Buffer) => void; reject: (error: Error) => void };
type Thread = { worker: Worker; batches: Map<number, Pending[]>; load: number };

export type ThreadEncryptorOptions = {
  /** Default: one fewer than the cores, at least one (the event loop keeps a core for HTTP and SQLite). */
  threads?: number;
  /** Messages per postMessage at most. */
  maxBatch?: number;
  workerFile?: string;
};

export function createThreadEncryptor(options: ThreadEncryptorOptions = {}): PushEncryptor {
  const size = Math.max(1, options.threads ?? availableParallelism() - 1);
  const maxBatch = options.maxBatch ?? 64;
  const workerFile = options.workerFile ?? ENCRYPT_WORKER_FILE;
  // a file Node loads at run time: the bundler must not trace it (see startWorker)
  if (!existsSync(/*turbopackIgnore: true*/ workerFile))
    throw new Error(`encryption worker not found at ${workerFile}`);
  const threads: (Thread | undefined)[] = Array.from({ length: size }, () => undefined);
  const queue: { job: EncryptJob; pending: Pending }[] = [];
  let scheduled = false;
  let nextBatchId = 1;
  let closed = false;

  function spawn(slot: number): Thread {
    const thread: Thread = { worker: startWorker(workerFile), batches: new Map(), load: 0 };
    thread.worker.unref(); // an idle pool never keeps the process alive; batches in flight do (dispatch refs)
    thread.worker.on(
      "message",
      ({ id, buffer, results }: { id: number; buffer: ArrayBuffer; results: BatchResult[] }) => {
        const batch = thread.batches.get(id);
        if (!batch) return;
        thread.batches.delete(id);
        thread.load -= batch.length;
        if (thread.load === 0) thread.worker.unref();
        batch.forEach((pending, i) => {
          try {
            pending.resolve(bodyAt(buffer, results[i]));
          } catch (error) {
            pending.reject(error as Error);
          }
        });
      },
    );
    // A dead thread fails its own messages (the sender retries them) and is replaced on next use.
    const fail = (error: Error) => {
      if (threads[slot] === thread) threads[slot] = undefined;
      for (const batch of thread.batches.values()) for (const pending of batch) pending.reject(error);
      thread.batches.clear();
    };
    thread.worker.on("error", fail);
    thread.worker.on("exit", (code) => fail(new Error(`encryption worker exited with code ${code}`)));
    threads[slot] = thread;
    return thread;
  }

  function leastLoaded(): Thread {
    let best: Thread | undefined;
    for (let slot = 0; slot < threads.length; slot++) {
      const thread = threads[slot] ?? spawn(slot);
      if (!best || thread.load < best.load) best = thread;
    }
    return best!;
  }

  function dispatch() {
    scheduled = false;
    if (closed) return;
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      const thread = leastLoaded();
      if (thread.load === 0) thread.worker.ref();
      const id = nextBatchId++;
      thread.batches.set(
        id,
        batch.map((entry) => entry.pending),
      );
      thread.load += batch.length;
      thread.worker.postMessage({ id, jobs: batch.map((entry) => entry.job) });
    }
  }

  return {
    encrypt(job) {
      if (closed) return Promise.reject(new Error("encryptor closed"));
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ job, pending: { resolve, reject } });
        if (queue.length >= maxBatch) dispatch();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(dispatch);
        }
      });
    },
    async close() {
      closed = true;
      for (const { pending } of queue.splice(0)) pending.reject(new Error("encryptor closed"));
      const running = threads.filter((thread): thread is Thread => thread !== undefined);
      threads.fill(undefined);
      await Promise.all(running.map((thread) => thread.worker.terminate()));
    },
  };
}
