import type { Db } from "@/lib/db/client";
import { segmentValueOptions } from "@/lib/segments/value-options";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import type { PickerOptions } from "./condition-editor";

export function pickerOptions(db: Db): PickerOptions {
  return {
    topics: listTopicsForAdmin(db).map((t) => ({ id: t.id, name: t.archived ? `${t.name} (archived)` : t.name })),
    ...segmentValueOptions(db),
  };
}
