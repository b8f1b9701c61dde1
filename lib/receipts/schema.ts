import { z } from "zod";
import { RECEIPT_KINDS } from "@/lib/db/schema/enums";

/** What our service worker reports for one notification (see public/sw-logic.js). */
export const receiptSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "a receipt token"),
  kind: z.enum(RECEIPT_KINDS),
  // Our action ids are "action-1", "action-2": anything else is not from our worker and is not stored.
  action: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, "an action id")
    .optional(),
});
export type ReceiptInput = z.infer<typeof receiptSchema>;
