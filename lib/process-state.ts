// State that must be one per process, whichever copy of a module asks for it. `npm start` answers the
// hot visitor routes from modules it loads itself (scripts/server.ts) while Next's bundle loads its own
// copies of the same files: a module-level `const limiter = …` would be two limiters, two caches, two
// commit queues. Everything that must be one lives here instead, on globalThis under a registered
// symbol, created by whichever copy asks first.

const REGISTRY = Symbol.for("pushboard.processState");

type Registry = Map<string, unknown>;

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (holder[REGISTRY] ??= new Map());
}

/** The process's one value under `name`, made by `create` the first time any module asks. */
export function processState<T>(name: string, create: () => T): T {
  const all = registry();
  if (!all.has(name)) all.set(name, create());
  return all.get(name) as T;
}

/** Test hook: forget every value (a test that starts a fresh "process" in the same worker). */
export function resetProcessState(prefix = ""): void {
  const all = registry();
  for (const name of [...all.keys()]) if (name.startsWith(prefix)) all.delete(name);
}
