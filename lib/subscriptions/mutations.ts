// The visitor's subscription writes: one async entry point per verb, for either engine. On SQLite each
// runs its sync implementation below (prepared statements, ./save-statements.ts) in group commit
// (lib/db/group-commit.ts), the hot path `npm run bench:api` measures; on PostgreSQL its twin in
// ./mutations-postgres.ts, one transaction per request. The rules both follow are ./save-plan.ts.
import type { Db } from "@/lib/db/app-db";
import { verifiedExternalId } from "@/lib/identity/verify";
import type { SqliteDb } from "@/lib/db/client";
import { immediate } from "@/lib/db/prepared";
import { inGroupCommit, syncSqliteOf } from "@/lib/db/sqlite-async";
import { resolveTopicSlugsSync } from "@/lib/topics/queries-sync";
import { saveSubscriptionPostgres, unsubscribePostgres, updateSubscriptionTopicsPostgres } from "./mutations-postgres";
import { requireProvenSubscriptionSync, toSubscriptionDtoSync } from "./queries-sync";
import {
  checkedFields,
  planSave,
  replacedEndpoint,
  topicIdsOrRefused,
  type SaveContext,
  type SaveResult,
} from "./save-plan";
import {
  findStored,
  insertSubscription,
  refreshSubscription,
  replaceTopicIds,
  savedView,
  topicIdsOf,
  touchSubscription,
  wipeSubscription,
} from "./save-statements";
import type { CreateSubscriptionInput, SubscriptionDto, SubscriptionProof, UpdateTopicsInput } from "./schema";

export type { SaveContext, SaveResult } from "./save-plan";

/**
 * Creates or refreshes a subscription by endpoint. With oldEndpoint + oldAuth it replaces a proven old
 * subscription (pushsubscriptionchange, key rotation), keeping its row, topics and history. The endpoint
 * is compared and stored canonical; one unsubscribed or expired before is refused as gone (410).
 * A signed user id (externalId + externalIdSignature) is stored only when its signature holds.
 * Everything is checked before the first write.
 */
export async function saveSubscription(db: Db, input: CreateSubscriptionInput, ctx: SaveContext): Promise<SaveResult> {
  // outside the commit batch: one read of the secret, and only for a signed opt-in
  const externalId = await verifiedExternalId(db, input.externalId, input.externalIdSignature);
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return saveSubscriptionPostgres(db, input, ctx, externalId);
  return inGroupCommit(db, () => saveSubscriptionSync(sqlite, input, ctx, externalId));
}

/** Replaces the topics of the subscription the caller proves it holds. */
export function updateSubscriptionTopics(db: Db, input: UpdateTopicsInput, now: Date): Promise<SubscriptionDto> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return updateSubscriptionTopicsPostgres(db, input, now);
  return inGroupCommit(db, () => updateSubscriptionTopicsSync(sqlite, input, now));
}

/** Unsubscribes: the row stays for statistics, its keys are wiped so it can never be sent to again. */
export function unsubscribe(db: Db, proof: SubscriptionProof, now: Date): Promise<void> {
  const sqlite = syncSqliteOf(db);
  if (!sqlite) return unsubscribePostgres(db, proof, now);
  return inGroupCommit(db, () => unsubscribeSync(sqlite, proof, now));
}

// The SQLite implementations: sync, so that group commit runs them inside its batch's transaction.

function resolveTopicsSync(db: SqliteDb, slugs: readonly string[] | undefined): number[] | undefined {
  return slugs === undefined ? undefined : topicIdsOrRefused(resolveTopicSlugsSync(db, slugs));
}

function saveSubscriptionSync(
  db: SqliteDb,
  input: CreateSubscriptionInput,
  ctx: SaveContext,
  externalId: string | null,
): SaveResult {
  const fields = checkedFields(input, ctx, externalId);
  const topicIds = resolveTopicsSync(db, input.topics);

  return immediate(db, () => {
    const existing = findStored(db, fields.endpoint);
    const oldEndpoint = replacedEndpoint(input, fields.endpoint);
    const replacing = oldEndpoint === undefined ? undefined : { row: findStored(db, oldEndpoint) };
    const plan = planSave(existing, replacing, input, fields.auth);

    let id: number;
    let created = false;
    let keepTopics: number[] | undefined;
    if (plan.kind === "move") {
      id = plan.id;
      refreshSubscription(db, id, fields);
    } else {
      if (plan.retire) {
        // the new endpoint is already stored: retire the old row and carry its topics over
        keepTopics = topicIdsOf(db, plan.retire.id);
        wipeSubscription(db, plan.retire.id, fields.at);
      }
      if (plan.id !== undefined) {
        id = plan.id;
        refreshSubscription(db, id, fields);
      } else {
        id = insertSubscription(db, fields);
        created = true;
      }
    }
    const topicsToStore = topicIds ?? keepTopics;
    if (topicsToStore) replaceTopicIds(db, id, topicsToStore, { fresh: created });
    return { created, subscription: savedView(db, id) };
  });
}

function updateSubscriptionTopicsSync(db: SqliteDb, input: UpdateTopicsInput, now: Date): SubscriptionDto {
  const topicIds = resolveTopicsSync(db, input.topics)!;
  return immediate(db, () => {
    const row = requireProvenSubscriptionSync(db, input);
    replaceTopicIds(db, row.id, topicIds, { fresh: false });
    touchSubscription(db, row.id, now.getTime());
    return toSubscriptionDtoSync(db, row); // read after the change: the topics just stored
  });
}

function unsubscribeSync(db: SqliteDb, proof: SubscriptionProof, now: Date): void {
  immediate(db, () => {
    const row = requireProvenSubscriptionSync(db, proof);
    wipeSubscription(db, row.id, now.getTime());
  });
}
