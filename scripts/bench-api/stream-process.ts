// One load stream of the API benchmark in its own process: two autocannon instances sharing one
// event loop starved each other (one stream's answers went unread for seconds), which measured the
// load generator rather than the server. Receives its options over IPC, answers with its result.
import { readFileSync } from "node:fs";
import { receiptStream, stopOnSignal, subscriptionStream, type StreamResult } from "./load";

export type StreamRequest =
  | {
      kind: "subscriptions";
      baseUrl: string;
      connections: number;
      durationS: number;
      rate?: number;
      sinkOrigin: string;
      vapidPublicKey: string;
    }
  | { kind: "receipts"; baseUrl: string; connections: number; durationS: number; rate?: number; tokensFile: string };

/** What crosses the IPC channel: the figures the report prints, not autocannon's whole histograms. */
export type StreamSummary = Pick<StreamResult, "name" | "statuses"> & {
  result: {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number; max: number };
    errors: number;
    timeouts: number;
  };
};

function summarize({ name, result, statuses }: StreamResult): StreamSummary {
  return {
    name,
    statuses,
    result: {
      requests: { average: result.requests.average, total: result.requests.total },
      latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
    },
  };
}

process.once("message", async (request: StreamRequest) => {
  const run =
    request.kind === "subscriptions"
      ? subscriptionStream(request)
      : receiptStream({ ...request, tokens: JSON.parse(readFileSync(request.tokensFile, "utf8")) as string[] });
  process.send?.(summarize(await run), () => process.exit(0));
});
process.once("SIGTERM", () => {
  for (const instance of stopOnSignal) instance.stop();
  process.exit(143);
});
process.once("disconnect", () => process.exit(1)); // the benchmark went away: never outlive it
