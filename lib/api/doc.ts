// What an /api/v1 declaration says for its readers, beyond what the pipeline enforces. The schemas,
// the scope and the parameters are read from the declaration itself (lib/api/openapi.ts); only prose,
// the success answer's shape and a working example body live here.
import type { z } from "zod";

export type ApiDoc = {
  summary: string;
  description?: string;
  /** the reference's section ("Notifications", "Subscriptions", …) */
  tag: string;
  success: { status: number; description: string; schema?: z.ZodType };
  /** a request body that works, for the curl example */
  exampleBody?: unknown;
  /** further refusals worth naming for this operation (400, 401, 403 and 429 are on every one) */
  errors?: number[];
};
