// How one tick of the runner shares its free slots among the sending campaigns (sorted priority first):
// priority sends (an API send to a few people) take what they need first but leave the bulk campaigns a
// reserve while any is sending, so a stream of transactional messages cannot stall a campaign; then every
// campaign gets an even share of what is left.

/** The share of free slots the bulk campaigns keep while priority sends are claimed first. */
export const BULK_RESERVE = 1 / 4;

/** Slots kept for the bulk campaigns this tick: none when every sending campaign is a priority one. */
export function bulkReserve(free: number, urgent: number, total: number): number {
  return urgent < total ? Math.ceil(Math.max(0, free) * BULK_RESERVE) : 0;
}

/** The slots the campaign at `index` may claim now, `free` being what is left after those before it. */
export function slotShare(options: {
  free: number;
  reserve: number;
  urgent: number;
  total: number;
  index: number;
  priority: number;
}): number {
  const { free, reserve, urgent, total, index, priority } = options;
  if (free <= 0) return 0;
  return priority > 0 ? Math.ceil((free - reserve) / (urgent - index)) : Math.ceil(free / (total - index));
}
