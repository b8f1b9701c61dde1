// The sink push service of bench:send in its own process (test/support/strict-push-service/sink-process.ts):
// answers 201 to every push, so its CPU shows apart from the sender's; on request it counts per endpoint.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

export type SinkUsage = { cpuUserMs: number; cpuSystemMs: number; accepted: number; maxRssMb: number };
export type SinkCounts = { endpoints: number; requests: number; repeated: number; maxPerEndpoint: number };

export type Sink = {
  origin: string;
  child: ChildProcess;
  usage(): Promise<SinkUsage>;
  /** Counts the pushes per endpoint from now on (from zero). */
  startCounting(): Promise<void>;
  counts(): Promise<SinkCounts>;
  /** When each push with a Topic header first arrived (Date.now() ms), by topic. */
  arrivals(): Promise<Record<string, number>>;
  stop(): void;
};

/** CPU seconds the sink spent between two usage readings. */
export const sinkCpu = (from: SinkUsage, to: SinkUsage) =>
  (to.cpuUserMs + to.cpuSystemMs - from.cpuUserMs - from.cpuSystemMs) / 1000;

export async function startSink(): Promise<Sink> {
  const child = fork(path.join(process.cwd(), "test/support/strict-push-service/sink-process.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once("message", (m) => resolve((m as { origin: string }).origin));
    child.once("exit", (code) => reject(new Error(`sink exited with ${code}`)));
  });
  // one question at a time: each answer is the next message
  let last: Promise<unknown> = Promise.resolve();
  const ask = <T>(question: string) => {
    const answer = last.then(
      () =>
        new Promise<T>((resolve) => {
          child.once("message", (m) => resolve(m as T));
          child.send(question);
        }),
    );
    last = answer.catch(() => {});
    return answer;
  };
  return {
    origin,
    child,
    usage: () => ask<SinkUsage>("usage"),
    startCounting: async () => void (await ask("count-start")),
    counts: () => ask<SinkCounts>("count-report"),
    arrivals: () => ask<Record<string, number>>("arrivals"),
    stop: () => {
      if (child.connected) child.disconnect();
    },
  };
}
