// An in-memory PushSender for the runner's unit tests: answers are scripted per endpoint, and every
// call is recorded. Integration tests use the real sender against the strict test push service.
import type { PushMessage, PushOutcome, PushSender, PushTarget } from "@/lib/push/types";

export type ScriptedCall = { endpoint: string; message: PushMessage; at: number };

export function createScriptedSender(
  answer: (target: PushTarget, callIndex: number) => PushOutcome | Promise<PushOutcome> = () => ({
    kind: "accepted",
    statusCode: 201,
  }),
  clock: () => number = Date.now,
) {
  const calls: ScriptedCall[] = [];
  let active = 0;
  let maxActive = 0;
  const sender: PushSender = {
    async send(target, message) {
      calls.push({ endpoint: target.endpoint, message, at: clock() });
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        return await answer(target, calls.length - 1);
      } finally {
        active--;
      }
    },
    async close() {},
  };
  return { sender, calls, maxActive: () => maxActive };
}
