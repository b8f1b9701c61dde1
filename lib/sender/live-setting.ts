// A setting the sender reads on every message (the VAPID key pair, the extra push hosts), kept in
// memory and re-read from the database in the background: a change made in Settings by any web server
// reaches every sender process within one interval, and no message waits for a database round trip.
export type LiveSetting<T> = {
  /** The latest value read. */
  current(): T;
  /** Reads it now (an endpoint about to be refused asks for the newest host list first). */
  refresh(): Promise<T>;
  stop(): void;
};

export async function liveSetting<T>(
  read: () => Promise<T>,
  options: { everyMs: number; log: (message: string, error?: unknown) => void },
): Promise<LiveSetting<T>> {
  let value = await read();
  let failing = false;
  async function refresh(): Promise<T> {
    try {
      value = await read();
      failing = false;
    } catch (error) {
      // keep sending with what we have; say it once, not every interval
      if (!failing) options.log("re-reading a setting failed; keeping the last value", error);
      failing = true;
    }
    return value;
  }
  const timer = setInterval(() => void refresh(), options.everyMs);
  timer.unref();
  return { current: () => value, refresh, stop: () => clearInterval(timer) };
}
