// The visitor's subscription writes on PostgreSQL, verb for verb beside their SQLite twins in
// ./mutations.ts (whose entry points call these): one transaction per request, the same checks and
// plan (./save-plan.ts), the same results and errors. The SQL is ./save-statements-postgres.ts.
import type { Db } from "@/lib/db/app-db";
import { canonicalEndpoint } from "@/lib/push/canonical-endpoint";
import { resolveTopicSlugs } from "@/lib/topics/queries";
import { requireProvenSubscription, toSubscriptionDto, topicSlugsOf } from "./queries";
import {
  checkedFields,
  planSave,
  replacedEndpoint,
  topicIdsOrRefused,
  type SaveContext,
  type SaveResult,
} from "./save-plan";
import {
  insertSubscription,
  lockByEndpoint,
  lockStored,
  moveSubscription,
  refreshSubscription,
  replaceTopicIds,
  topicIdsOf,
  touchSubscription,
  wipeSubscription,
  type SavedRow,
} from "./save-statements-postgres";
import type { CreateSubscriptionInput, SubscriptionDto, SubscriptionProof, UpdateTopicsInput } from "./schema";

/**
 * How often a save decides again after another request stored its endpoint between the read and the
 * insert (or the move of a replaced row onto it). The second decision sees that row (locked), so it refreshes or refuses: once is enough unless
 * the row went again meanwhile.
 */
const SAVE_ATTEMPTS = 3;

async function resolveTopics(tx: Db, slugs: readonly string[] | undefined): Promise<number[] | undefined> {
  return slugs === undefined ? undefined : topicIdsOrRefused(await resolveTopicSlugs(tx, slugs));
}

export async function saveSubscriptionPostgres(
  db: Db,
  input: CreateSubscriptionInput,
  ctx: SaveContext,
  externalId: string | null,
): Promise<SaveResult> {
  const fields = checkedFields(input, ctx, externalId);
  const oldEndpoint = replacedEndpoint(input, fields.endpoint);
  return db.transaction(async (tx) => {
    const topicIds = await resolveTopics(tx, input.topics);
    for (let attempt = 1; ; attempt++) {
      const stored = await lockStored(
        tx,
        oldEndpoint === undefined ? [fields.endpoint] : [fields.endpoint, oldEndpoint],
      );
      const replacing = oldEndpoint === undefined ? undefined : { row: stored.get(oldEndpoint) };
      const plan = planSave(stored.get(fields.endpoint), replacing, input, fields.auth);

      let saved: SavedRow;
      let created = false;
      let keepTopics: number[] | undefined;
      if (plan.kind === "move") {
        const moved = await moveSubscription(tx, plan.id, fields);
        if (!moved) {
          if (attempt < SAVE_ATTEMPTS) continue;
          throw new Error("saveSubscription: the endpoint kept changing under the save");
        }
        saved = moved;
      } else {
        if (plan.id !== undefined) {
          saved = await refreshSubscription(tx, plan.id, fields);
        } else {
          // inserted first, before the old row is retired: a lost race then leaves nothing to undo
          const inserted = await insertSubscription(tx, fields);
          if (!inserted) {
            if (attempt < SAVE_ATTEMPTS) continue;
            throw new Error("saveSubscription: the endpoint kept changing under the save");
          }
          saved = inserted;
          created = true;
        }
        if (plan.retire) {
          // the new endpoint is already stored: retire the old row and carry its topics over
          keepTopics = await topicIdsOf(tx, plan.retire.id);
          await wipeSubscription(tx, plan.retire.id, ctx.now);
        }
      }
      const topicsToStore = topicIds ?? keepTopics;
      if (topicsToStore) await replaceTopicIds(tx, saved.id, topicsToStore, { fresh: created });
      const { status, pushService, createdAt } = saved;
      return { created, subscription: { status, topics: await topicSlugsOf(tx, saved.id), pushService, createdAt } };
    }
  });
}

/** The proven subscription, its row locked for the rest of the transaction. */
async function lockProven(tx: Db, proof: SubscriptionProof) {
  await lockByEndpoint(tx, canonicalEndpoint(proof.endpoint));
  return requireProvenSubscription(tx, proof);
}

export async function updateSubscriptionTopicsPostgres(
  db: Db,
  input: UpdateTopicsInput,
  now: Date,
): Promise<SubscriptionDto> {
  return db.transaction(async (tx) => {
    const topicIds = (await resolveTopics(tx, input.topics))!;
    const row = await lockProven(tx, input);
    await replaceTopicIds(tx, row.id, topicIds, { fresh: false });
    await touchSubscription(tx, row.id, now);
    return toSubscriptionDto(tx, row); // read after the change: the topics just stored
  });
}

export async function unsubscribePostgres(db: Db, proof: SubscriptionProof, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockProven(tx, proof);
    await wipeSubscription(tx, row.id, now);
  });
}
