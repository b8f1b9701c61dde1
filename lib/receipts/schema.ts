import { z } from "zod";
import { RECEIPT_KINDS } from "@/lib/db/schema/enums";

/** What our service worker reports for one notification (see public/sw-logic.js). */
export const receiptSchema = z.object({
  token: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "a receipt token"),
  kind: z.enum(RECEIPT_KINDS),
  action: z.string().min(1).max(64).optional(),
});
export type ReceiptInput = z.infer<typeof receiptSchema>;
