// The sender inside the Next server process. Dev reloads (HMR) re-run instrumentation: a globalThis
// flag keeps it to one sender per process.
import { startSenderProcess, type SenderProcess, type SenderProcessOptions } from "./process";

const globalForSender = globalThis as unknown as { pushboardInlineSender?: Promise<SenderProcess> };

export function startInlineSender(options: SenderProcessOptions): Promise<SenderProcess> {
  if (!globalForSender.pushboardInlineSender) {
    const starting = startSenderProcess(options);
    globalForSender.pushboardInlineSender = starting;
    // a failed start is the caller's to report (instrumentation); a later start may try again
    starting.then(stopOnSignals, () => (globalForSender.pushboardInlineSender = undefined));
  }
  return globalForSender.pushboardInlineSender;
}

function stopOnSignals(sender: SenderProcess) {
  for (const [signal, code] of [
    ["SIGTERM", 143],
    ["SIGINT", 130],
  ] as const) {
    process.once(signal, () => {
      // stop claiming and let requests in flight land; Next's own handler usually exits first,
      // which is safe (their leases run out and another start sends them). With
      // NEXT_MANUAL_SIG_HANDLE nobody else listens, so the process exit is ours to do.
      void sender.stop().finally(() => {
        if (process.listenerCount(signal) === 0) process.exit(code);
      });
    });
  }
}
