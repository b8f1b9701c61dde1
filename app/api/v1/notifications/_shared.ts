// What the /api/v1/notifications/{id} routes share.
import { z } from "zod";

export const notificationIdParams = z.object({
  id: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1),
});
export const NO_NOTIFICATION = "No notification has this id.";
