// Real `npm run worker` processes (scripts/worker.ts) for the bench, each with the pg probe preloaded
// (./pg-probe.ts) and an IPC channel to read it; all of them end with the bench, however it ends.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { MeterReading } from "./cpu-meter";

export type BenchWorker = {
  child: ChildProcess;
  pid: number;
  output(): string;
  probe(): Promise<MeterReading>;
  stop(): Promise<void>;
};

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export function killAllWorkers(): void {
  for (const child of running) child.kill("SIGKILL");
}

export function startWorker(env: Record<string, string>): BenchWorker {
  const root = process.cwd();
  const probeFile = path.join(root, "scripts/bench-send/pg-probe-preload.cjs");
  const child = spawn(
    process.execPath,
    ["--require", probeFile, "--import", "tsx", path.join(root, "scripts/worker.ts")],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  running.add(child);
  child.once("exit", () => running.delete(child));
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return {
    child,
    pid: child.pid!,
    output: () => output,
    probe: () =>
      new Promise((resolve, reject) => {
        child.once("message", (m) => resolve(m as MeterReading));
        if (!child.send("pg-probe")) reject(new Error(`worker ${child.pid} is gone:\n${output}`));
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** Waits until every worker says it is sending ("[worker] … sending from …"), or fails with their output. */
export async function waitUntilUp(workers: BenchWorker[], timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!workers.every((w) => w.output().includes("sending from"))) {
    const dead = workers.find((w) => w.child.exitCode !== null);
    if (dead || Date.now() > until)
      throw new Error(`workers did not start:\n${workers.map((w) => `[${w.pid}] ${w.output()}`).join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
