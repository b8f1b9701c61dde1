/** What a column tells the shared table about itself, beyond its header and cell. */
export type ColumnMeta = {
  className?: string;
  numeric?: boolean;
  /** Table view: the column is left out below this width (the cards below `md` show every column). */
  hideBelow?: "lg" | "xl" | "2xl";
  /** Cards: this column is each card's heading. */
  primary?: boolean;
  /** Cards: rendered at the bottom of each card, without a label. */
  actions?: boolean;
  /** Only in one of the two views (e.g. a cards-only "When" line that the table shows under the title). */
  only?: "table" | "cards";
  /** Cards: the pair spans the card's width (a value that must not wrap, like a date). */
  wide?: boolean;
  /** The card label when the header is not plain text. */
  label?: string;
};

// Literal class names so Tailwind sees them. The table view only exists from `md` up.
export const HIDE_BELOW: Record<NonNullable<ColumnMeta["hideBelow"]>, string> = {
  lg: "hidden lg:table-cell",
  xl: "hidden xl:table-cell",
  "2xl": "hidden 2xl:table-cell",
};

type ColumnLike = { id: string; columnDef: { meta?: unknown; header?: unknown } };

export function metaOf(column: ColumnLike): ColumnMeta {
  return (column.columnDef.meta as ColumnMeta | undefined) ?? {};
}

/** The card label: the meta label, else the header when it is a string, else the column id. */
export function labelOf(column: ColumnLike): string {
  const header = column.columnDef.header;
  return metaOf(column).label ?? (typeof header === "string" ? header : column.id);
}
