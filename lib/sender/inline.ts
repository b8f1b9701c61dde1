// The sender inside the Next server process. Dev reloads (HMR) re-run instrumentation: a globalThis
// flag keeps it to one sender per process.
import { startSenderProcess, type SenderProcess, type SenderProcessOptions } from "./process";

const globalForSender = globalThis as unknown as { pushboardInlineSender?: SenderProcess };

export function startInlineSender(options: SenderProcessOptions): SenderProcess {
  if (!globalForSender.pushboardInlineSender) {
    const sender = startSenderProcess(options);
    globalForSender.pushboardInlineSender = sender;
    const shutdown = () => {
      void sender.stop();
    };
    process.once("SIGTERM", shutdown);
    process.once("SIGINT", shutdown);
  }
  return globalForSender.pushboardInlineSender;
}
