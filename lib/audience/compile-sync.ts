// The audience compiler for code still on the sync SQLite API: the sender's snapshot (lib/delivery/
// snapshot.ts, a sync hot path inside its own immediate transaction) and the campaign verbs not yet async.
// Same condition as ./compile.ts (audienceCondition), over the SQLite tables. Goes when the last caller
// is async (eslint.config.mjs LEGACY_SYNC).
import { inArray, type SQL } from "drizzle-orm";
import type { SqliteDb } from "@/lib/db/client";
import * as sqliteTables from "@/lib/db/schema";
import type { CampaignAudience } from "@/lib/db/schema/campaigns";
import { rulesById } from "@/lib/segments/queries";
import type { SegmentRules } from "@/lib/segments/schema";
import { audienceCondition, audienceSegmentIds, parseAudience } from "./compile";

function loadSegmentRulesSync(db: SqliteDb, ids: readonly number[]): Map<number, SegmentRules> {
  const { segments } = sqliteTables;
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows = db
    .select({ id: segments.id, rules: segments.rules })
    .from(segments)
    .where(inArray(segments.id, wanted))
    .all();
  return rulesById(wanted, rows);
}

/** compileAudience on the sync SQLite database. */
export function compileAudienceSync(db: SqliteDb, stored: CampaignAudience, now: Date = new Date()): SQL {
  const audience = parseAudience(stored);
  return audienceCondition(sqliteTables, audience, loadSegmentRulesSync(db, audienceSegmentIds(audience)), now);
}
