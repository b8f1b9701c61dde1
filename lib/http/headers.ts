// Request headers by lower-case name: a Fetch Headers object is one, and so is the thin reader the
// Node transport (lib/http/node-transport.ts) builds over Node's own header object.
export type HeaderReader = { get(name: string): string | null };

/** `Cache-Control: no-store`: every API answer carries it; none is for a cache to keep. */
export const NO_STORE = { "Cache-Control": "no-store" } as const;
