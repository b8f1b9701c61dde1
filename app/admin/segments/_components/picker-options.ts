import type { Db } from "@/lib/db/client";
import type { Db as AppDb } from "@/lib/db/app-db";
import { segmentValueOptions } from "@/lib/segments/value-options";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import type { PickerOptions } from "./condition-editor";

export async function pickerOptions(db: Db, appDb: AppDb): Promise<PickerOptions> {
  const topics = await listTopicsForAdmin(appDb);
  return {
    topics: topics.map((t) => ({ id: t.id, name: t.archived ? `${t.name} (archived)` : t.name })),
    ...segmentValueOptions(db),
  };
}
