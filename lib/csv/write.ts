// Writing CSV (RFC 4180) for the exports: the subscriber list, the delivery log, subscriptions with keys.

/**
 * One CSV cell (RFC 4180 quoting). A cell that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR) gets a leading apostrophe: visitor-supplied values such as languages must not become formulas.
 */
export function csvCell(value: unknown, options: { raw?: boolean } = {}): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  // raw: machine-read files (keys can start with "-"), where the apostrophe would corrupt the value
  if (!options.raw && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly unknown[], options: { raw?: boolean } = {}): string {
  return `${cells.map((cell) => csvCell(cell, options)).join(",")}\r\n`;
}
