import type { Db } from "@/lib/db/app-db";
import type { SqliteDb } from "@/lib/db/client";
import { segmentValueOptions } from "@/lib/segments/value-options";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import type { PickerOptions } from "./condition-editor";

/** `topicsDb`: the sync database the topic list still reads; it goes when lib/topics is async. */
export async function pickerOptions(db: Db, topicsDb: SqliteDb): Promise<PickerOptions> {
  return {
    topics: listTopicsForAdmin(topicsDb).map((t) => ({
      id: t.id,
      name: t.archived ? `${t.name} (archived)` : t.name,
    })),
    ...(await segmentValueOptions(db)),
  };
}
