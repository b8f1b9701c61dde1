// Errors that say the database could not be reached or was busy, not that the query was wrong: the
// sender waits and tries again instead of blaming (and pausing) the campaign it was working on.

// PostgreSQL SQLSTATE: class 08 (connection exception), the server shutting down or starting up,
// too many connections
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
// what node and node-postgres say when the socket fails or the server goes away
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);
const PG_CLIENT_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error/,
];

export function isConnectionError(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === "string") {
    if (code.startsWith("08") || UNAVAILABLE_SQLSTATES.has(code) || SOCKET_CODES.has(code)) return true;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return true;
  }
  if (typeof message === "string" && PG_CLIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // drizzle wraps driver errors ("Failed query: …") with the driver's error as the cause
  return cause !== undefined && cause !== error && isConnectionError(cause);
}
