// Loaded by ./pg-probe-preload.cjs into the main thread of the bench's worker processes:
// measures the PostgreSQL driver's share of the worker's main thread — pg's Client.query and pg-pool's
// query (building and writing the protocol messages) and pg-protocol's parser (reading the answers,
// building the rows, running the client's state machine that resolves each query). The callers' own
// continuations (Drizzle's row mapping, the domain code) run afterwards, as microtasks, and are not in it.
// Answers "pg-probe" over the IPC channel with its MeterReading; exits when the bench goes away.
import { createRequire } from "node:module";
import path from "node:path";
import { CpuMeter } from "./cpu-meter";

type Patchable = { prototype: Record<string, (...args: unknown[]) => unknown> };

const load = createRequire(path.join(process.cwd(), "package.json"));
const meter = new CpuMeter();

function wrap(target: Patchable, name: string) {
  const original = target.prototype[name]!;
  target.prototype[name] = function (this: unknown, ...args: unknown[]) {
    return meter.measure(() => original.apply(this, args));
  };
}

const pg = load("pg") as { Client: Patchable; Pool: Patchable };
const { Parser } = load("pg-protocol/dist/parser") as { Parser: Patchable };
wrap(pg.Client, "query");
wrap(Object.getPrototypeOf(pg.Pool) as Patchable, "query"); // pg-pool's Pool, which pg.Pool extends
wrap(Parser, "parse");

process.on("message", (message) => {
  if (message === "pg-probe") process.send?.(meter.reading());
});
process.on("disconnect", () => process.exit(1)); // never outlive the bench
