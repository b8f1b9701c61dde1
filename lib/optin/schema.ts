import { z } from "zod";
import { OPTIN_EVENTS } from "@/lib/db/schema/enums";

export const optinEventSchema = z.object({ event: z.enum(OPTIN_EVENTS) });
export type OptinEventInput = z.infer<typeof optinEventSchema>;
