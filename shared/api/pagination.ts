import { z } from "zod";

/**
 * Every list of the API is paged by an opaque cursor: the sort key of the last item returned.
 * Stable under inserts (no offsets), and the same shape everywhere.
 */
export const pageQuery = z.object({
  cursor: z.string().min(1).max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type PageQuery = z.infer<typeof pageQuery>;

/** The response of a paged list: `nextCursor` is null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
