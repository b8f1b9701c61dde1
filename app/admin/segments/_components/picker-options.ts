import type { Db } from "@/lib/db/app-db";
import { segmentValueOptions } from "@/lib/segments/value-options";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import type { PickerOptions } from "./condition-editor";

export async function pickerOptions(db: Db): Promise<PickerOptions> {
  const topics = await listTopicsForAdmin(db);
  return {
    topics: topics.map((t) => ({ id: t.id, name: t.archived ? `${t.name} (archived)` : t.name })),
    ...(await segmentValueOptions(db)),
  };
}
