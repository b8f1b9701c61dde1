// One better-sqlite3 connection serves the whole process, and a transaction is a state of the
// connection, not of the caller: while an async transaction awaits, any other statement sent on the
// connection would land inside it (and vanish with its rollback). The gate is what Kysely's SQLite
// driver calls its connection mutex: a transaction holds it from BEGIN to COMMIT, and every statement
// from outside waits until it is free. Free, a statement runs at once, synchronously — the common case
// costs one property read. Waiters are served in arrival order.
import type Database from "better-sqlite3";

/** How long anything waits for the gate before it is told why, instead of hanging. */
const WAIT_LIMIT_MS = 30_000;

export class SqliteGate {
  private held = false;
  /** True while the holder's own synchronous statements run (see guardStatements). */
  private holderRunning = false;
  private readonly waiters: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  get busy(): boolean {
    return this.held;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(
            new Error(
              `Waited ${WAIT_LIMIT_MS / 1000} s for the SQLite connection held by a transaction. ` +
                "Code inside db.transaction(…) must use the transaction's `tx`, never the outer `db`.",
            ),
          );
        }, WAIT_LIMIT_MS),
      };
      this.waiters.push(waiter);
    });
  }

  /** Hands the gate to the next waiter (still held) or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (next) next.grant();
    else this.held = false;
  }

  /** Runs the holder's synchronous statements: the guard lets them through. */
  asHolder<T>(fn: () => T): T {
    const before = this.holderRunning;
    this.holderRunning = true;
    try {
      return fn();
    } finally {
      this.holderRunning = before;
    }
  }

  /** A statement may run now: the gate is free, or its holder is the one running it. */
  get open(): boolean {
    return !this.held || this.holderRunning;
  }

  /** Runs fn holding the gate for its whole (async) duration. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Runs a synchronous piece of work now if the gate is free, otherwise as soon as it is. */
  whenFree<T>(fn: () => T): T | Promise<T> {
    if (!this.held) return fn();
    return this.acquire().then(() => {
      try {
        return this.asHolder(fn);
      } finally {
        this.release();
      }
    });
  }
}

// On the connection object itself: Next's bundle and `npm start` each load their own copy of this
// module but share the web process's one connection (lib/server-context.ts), so they must share its gate.
const GATE = Symbol.for("pushboard.sqliteGate");

export function gateOf(connection: Database.Database): SqliteGate {
  const holder = connection as unknown as Record<symbol, SqliteGate | undefined>;
  return (holder[GATE] ??= new SqliteGate());
}

const GUARDED = Symbol.for("pushboard.sqliteGuarded");
const EXECUTORS = ["run", "get", "all", "iterate"] as const;

/**
 * Makes every statement of this connection refuse to run while a transaction holds the gate and the
 * statement is not the holder's: sync code (the hot paths, code not yet async) would otherwise write
 * into someone else's open transaction, and lose the write if it rolls back. A loud error instead of a
 * silent loss; the hot paths wait with whenFree and never see it.
 */
export function guardStatements(connection: Database.Database): void {
  const holder = connection as unknown as Record<symbol, boolean | undefined>;
  if (holder[GUARDED]) return;
  holder[GUARDED] = true;
  const gate = gateOf(connection);
  const prepare = connection.prepare.bind(connection);
  connection.prepare = ((source: string) => {
    const statement = prepare(source) as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of EXECUTORS) {
      const execute = statement[name]!.bind(statement);
      statement[name] = (...args: unknown[]) => {
        if (!gate.open) {
          throw new Error(
            "A statement ran outside the transaction that holds the SQLite connection; " +
              "wait for it with gateOf(connection).whenFree(…).",
          );
        }
        return execute(...args);
      };
    }
    return statement;
  }) as unknown as typeof connection.prepare;
}
