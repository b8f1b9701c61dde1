// A bounded list for the client-safe schemas. zod runs .min/.max on whatever arrived ("abc".length),
// so a string sent for a list would also be "too long": here the bounds only judge real arrays.
import { z } from "zod";

const whenList = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

export function listOf<T extends z.ZodType>(
  item: T,
  bounds: { typeError: string; max: number; maxMessage: string; min?: number; minMessage?: string },
) {
  const { min = 0, max } = bounds;
  return z
    .array(item, { error: bounds.typeError })
    .refine((list) => list.length >= min, { message: bounds.minMessage ?? `At least ${min}`, ...whenList })
    .refine((list) => list.length <= max, { message: bounds.maxMessage, ...whenList });
}
