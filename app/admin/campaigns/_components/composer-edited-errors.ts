"use client";

// Which of the composer's errors are still shown: an error under a field the admin has edited since the
// last check is fixed or being fixed, so it goes (the form's own errors stay until the next check).
import { useCallback, useState } from "react";
import type { FieldErrors } from "@/lib/http/action-result";
import type { ComposerValues } from "./composer-values";

// Most errors are filed under the value's own name; these values feed a differently named input field.
const ERROR_KEY_OF_VALUE: Partial<Record<keyof ComposerValues, string>> = {
  ttlPreset: "ttl",
  ttlCustom: "ttl",
  sendRate: "sendRatePerMinute",
  scheduleLocal: "scheduledAt",
  mode: "scheduledAt",
};
const errorKeyOf = (key: string) => ERROR_KEY_OF_VALUE[key as keyof ComposerValues] ?? key;

export function useEditedErrors() {
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const markEdited = useCallback(
    (patch: Partial<ComposerValues>) =>
      setEdited((before) => new Set([...before, ...Object.keys(patch).map(errorKeyOf)])),
    [],
  );
  const forgetEdited = useCallback(() => setEdited(new Set()), []);
  /** Errors minus those under an edited field ("actions.0.url" belongs to "actions"). */
  const shown = (errors: FieldErrors): FieldErrors =>
    edited.size === 0
      ? errors
      : Object.fromEntries(Object.entries(errors).filter(([key]) => !edited.has(key.split(".")[0]!)));
  return { markEdited, forgetEdited, shown };
}
