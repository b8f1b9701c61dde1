// A curl command for an operation, as the API reference shows it under each endpoint: the key comes from
// an environment variable (never pasted into a shell history), the body is pretty-printed JSON quoted for
// a POSIX shell.

/** Single-quotes a string for sh: the only character that needs care inside '' is ' itself. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function curlExample(method: string, url: string, body?: unknown): string {
  const lines = [`curl -X ${method} ${shellQuote(url)}`, `  -H "Authorization: Bearer $PUSHBOARD_API_KEY"`];
  if (body !== undefined) {
    lines.push(`  -H "Content-Type: application/json"`);
    if (method === "POST") lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
    lines.push(`  -d ${shellQuote(JSON.stringify(body, null, 2))}`);
  }
  return lines.join(" \\\n");
}
