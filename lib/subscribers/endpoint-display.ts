/**
 * An endpoint is a bearer capability: whoever holds it can push to the browser. Admin screens and
 * exports show only its host and last few characters, enough to tell two subscribers apart.
 */
export function shortenEndpoint(endpoint: string, tail = 6): string {
  let host = "";
  try {
    host = new URL(endpoint).host;
  } catch {
    host = "invalid";
  }
  const end = endpoint.length > tail ? endpoint.slice(-tail) : "";
  return `${host}/…${end}`;
}
