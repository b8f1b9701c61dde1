// Sending work runs at SENDER_NICE so the web server's event loop gets the CPU first (Linux: nice is per thread).
import { readdirSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { describe, expect, it, vi } from "vitest";
import { createThreadEncryptor } from "@/lib/push/encrypt-pool";
import { createECDH, randomBytes } from "node:crypto";

/** The nice value of every thread of this process, from /proc (field 19 of stat, after the command name). */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task").map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

describe.runIf(process.platform === "linux")("sender priority", () => {
  it("lowerPriority lowers only the calling thread, and 0 leaves it alone", async () => {
    const script = `
      const { parentPort, workerData } = require("node:worker_threads");
      const { getPriority } = require("node:os");
      import(workerData.module).then(({ lowerPriority }) => {
        lowerPriority(0);
        const untouched = getPriority(0);
        lowerPriority(7);
        parentPort.postMessage([untouched, getPriority(0)]);
      });`;
    const worker = new Worker(script, {
      eval: true,
      workerData: { module: new URL("../../../lib/sender/priority.mjs", import.meta.url).href },
    });
    const [untouched, lowered] = await new Promise<number[]>((resolve, reject) =>
      worker.once("message", resolve).once("error", reject),
    );
    await worker.terminate();
    expect(untouched).toBe(0);
    expect(lowered).toBe(7);
    expect(Math.max(...threadNiceValues().filter((n) => n === 7))).toBe(-Infinity); // gone with its thread
  });

  it("the encryption threads run at SENDER_NICE (default 10) while this thread stays at 0", async () => {
    const before = threadNiceValues().filter((n) => n === 10).length;
    const encryptor = createThreadEncryptor({ threads: 2 });
    const ecdh = createECDH("prime256v1");
    await encryptor.encrypt({
      payload: "hi",
      p256dh: ecdh.generateKeys().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
    });
    // both threads start with the first batch; the idle one may still be loading its module
    await vi.waitFor(() => expect(threadNiceValues().filter((n) => n === 10).length - before).toBe(2), {
      timeout: 5_000,
      interval: 20,
    });
    expect(threadNiceValues()[0]).toBe(0); // the main thread
    await encryptor.close();
  });
});
