// Idempotency-Key for the API's mutating requests: the first answer per (API key, Idempotency-Key) is kept
// 24 hours and replayed to a retry with the same request; the same key with another request is refused.
//
// The key's row is claimed first, in the transaction that then does the work and stores the answer:
// INSERT … ON CONFLICT DO NOTHING on the unique (api_key_id, key) index. Two parallel duplicates meet on
// that index. On PostgreSQL the second INSERT waits for the first transaction; once it commits, the
// second inserts nothing, and its next statement (READ COMMITTED: a fresh snapshot) reads the stored
// answer, which it replays — so exactly one sends and both callers get the same answer. Had the first
// rolled back, the second's INSERT succeeds and it does the work itself. On SQLite the transactions run
// one after another (one connection, BEGIN IMMEDIATE), so the second simply finds the row.
// A row still marked in progress is never visible to another transaction (the claim and the answer
// commit together); should one ever be read, the answer is 409 idempotency_in_progress, not a second send.
// A refusal thrown by `run` rolls back the claim too: nothing happened, so a retry runs again.
import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { DomainError } from "@/lib/errors/domain-error";

export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;
export const MAX_IDEMPOTENCY_KEY = 255;

/** Printable ASCII (space to tilde), as HTTP header values travel safely everywhere. */
const KEY_PATTERN = /^[\x20-\x7e]+$/;

/** What `run` answers, as the transport will send it. */
export type StoredAnswer = { status: number; body: unknown };
export type IdempotentAnswer = StoredAnswer & { replayed: boolean };

/** The claim's mark until the answer replaces it in the same transaction. */
const IN_PROGRESS_STATUS = 0;

type StoredResponse = { body?: unknown };

export class InvalidIdempotencyKeyError extends DomainError {
  constructor(message: string) {
    super("invalid_input", message, { fieldErrors: { "Idempotency-Key": [message] } });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different request in the last 24 hours. Use a new key for a new request.",
    );
  }
}

export class IdempotencyInProgressError extends DomainError {
  constructor() {
    super("idempotency_in_progress", "A request with this Idempotency-Key is still being processed. Retry shortly.");
  }
}

/** The header's value, checked: 1 to 255 printable ASCII characters. */
export function parseIdempotencyKey(key: string): string {
  if (key.length === 0) throw new InvalidIdempotencyKeyError("The Idempotency-Key header is empty.");
  if (key.length > MAX_IDEMPOTENCY_KEY)
    throw new InvalidIdempotencyKeyError(`The Idempotency-Key is at most ${MAX_IDEMPOTENCY_KEY} characters.`);
  if (!KEY_PATTERN.test(key))
    throw new InvalidIdempotencyKeyError("The Idempotency-Key may only use printable ASCII characters.");
  return key;
}

/** SHA-256 (hex) of the method, the path and the body's exact text: "the same request". */
export function requestHashOf(method: string, path: string, bodyText: string): string {
  return createHash("sha256").update(`${method.toUpperCase()}\n${path}\n`).update(bodyText).digest("hex");
}

function replayOf(row: { requestHash: string; status: number; response: unknown }, requestHash: string) {
  if (row.requestHash !== requestHash) throw new IdempotencyKeyReusedError();
  if (row.status === IN_PROGRESS_STATUS) throw new IdempotencyInProgressError();
  return { status: row.status, body: (row.response as StoredResponse).body ?? null, replayed: true };
}

/**
 * Runs `run` once per (apiKeyId, key) within 24 hours, in one transaction with the stored answer; a
 * repeat with the same requestHash gets that answer (replayed: true), with another one a 422.
 */
export async function withIdempotency(
  db: Db,
  request: { apiKeyId: number; key: string; requestHash: string },
  now: Date,
  run: (tx: Db) => Promise<StoredAnswer>,
): Promise<IdempotentAnswer> {
  const key = parseIdempotencyKey(request.key);
  const { apiKeyId, requestHash } = request;
  return db.transaction(async (tx) => {
    const { idempotencyKeys: t } = tx.tables;
    const mine = and(eq(t.apiKeyId, apiKeyId), eq(t.key, key));
    // an answer past its 24 hours is as good as absent (retention deletes the others in bulk)
    await tx.delete(t).where(and(mine, lt(t.createdAt, new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS))));
    const [claimed] = await tx
      .insert(t)
      .values({ apiKeyId, key, requestHash, status: IN_PROGRESS_STATUS, response: {}, createdAt: now })
      .onConflictDoNothing({ target: [t.apiKeyId, t.key] })
      .returning({ id: t.id });
    if (!claimed) {
      const [row] = await tx
        .select({ requestHash: t.requestHash, status: t.status, response: t.response })
        .from(t)
        .where(mine)
        .limit(1);
      if (!row) throw new IdempotencyInProgressError();
      return replayOf(row, requestHash);
    }
    const answer = await run(tx);
    const response: StoredResponse = { body: answer.body ?? null };
    await tx.update(t).set({ status: answer.status, response }).where(eq(t.id, claimed.id));
    return { status: answer.status, body: answer.body, replayed: false };
  });
}
