// Child processes of the API benchmark: every one is tracked and ends with the benchmark, whatever
// happens (normal end, an error, Ctrl-C, a hung step: the watchdog). Servers run in their own process
// group so `next start` and anything it forks go together.
import { fork, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const children = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the process has exited. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return void children.delete(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child, 5_000)));
}

// last resort if the benchmark itself exits abruptly: nothing may outlive it
process.on("exit", () => {
  for (const child of children) killGroup(child, "SIGKILL");
});

/** A long-running command with its output in logFile, in its own process group. */
export function startLogged(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; logFile: string },
): ChildProcess {
  const log = createWriteStream(options.logFile);
  const child = spawn(command, args, { env: options.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** A TypeScript child with an IPC channel, tracked like every other child. */
export function forkTracked(file: string): ChildProcess {
  const child = fork(path.join(process.cwd(), file), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    detached: true,
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** The sink push service in its own process (answers 201 to every push), as bench:send runs it. */
export async function startSink(): Promise<{ origin: string; child: ChildProcess }> {
  const child = fork(path.join(process.cwd(), "test/support/strict-push-service/sink-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
    detached: true,
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const origin = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { origin: string }).origin));
    child.once("exit", (code) => reject(new Error(`the sink push service exited (${code}) before listening`)));
  });
  return { origin, child };
}

export async function waitForHealth(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (${child.exitCode}):\n${readFileSync(logFile, "utf8").slice(-2000)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** What in a server log says the database refused work. */
export function scanLog(logFile: string): { locked: number; errorLines: string[] } {
  const lines = readFileSync(logFile, "utf8").split("\n");
  const locked = lines.filter((line) => /database is locked|SQLITE_BUSY/i.test(line)).length;
  const errorLines = lines.filter((line) => /error|unhandled|failed/i.test(line)).slice(0, 10);
  return { locked, errorLines };
}

/**
 * `next build` into its own folder for a benchmark's `npm start` (skipped by the benches' --skip-build).
 * Next rewrites tsconfig.json for a new build folder; the file is put back as it was, so a bench run
 * leaves the checkout unchanged.
 */
export function buildInto(distDir: string): void {
  console.log(`building into ${distDir} (--skip-build reuses it)…`);
  const tsconfig = readFileSync("tsconfig.json", "utf8");
  const build = spawnSync(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_DIST_DIR: distDir },
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 600_000,
  });
  writeFileSync("tsconfig.json", tsconfig);
  if (build.status !== 0) throw new Error(`next build failed (${build.status ?? build.signal})`);
}

/** Polls `check` every 200 ms until it answers something truthy; throws after `timeoutMs`. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined | null | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
