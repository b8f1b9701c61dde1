import { HttpError } from "./errors";

export type ReadJsonOptions = { maxBytes: number };

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * Reads a request body as UTF-8 text without ever buffering more than maxBytes: Content-Length is
 * checked first, then the stream is counted as it arrives (a chunked body has no length to trust).
 * Throws HttpError 413 (too large). An absent body reads as "".
 */
export async function readBodyText(request: Request, { maxBytes }: ReadJsonOptions): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw bodyTooLarge(maxBytes);
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw bodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function bodyTooLarge(maxBytes: number): HttpError {
  return new HttpError(413, "payload_too_large", `The body must be at most ${maxBytes} bytes.`);
}

/**
 * The JSON of a body whose declared type and text the caller supplies (any transport: a Fetch
 * Request here, a Node request in lib/http/node-endpoint.ts). The type is checked before a byte is read.
 * Throws HttpError 415 (not JSON), 400 (empty or malformed), or what readText throws (413).
 */
export async function readJsonFrom(contentType: string | null, readText: () => Promise<string>): Promise<unknown> {
  if (!isJsonContentType(contentType)) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
  }
  const text = await readText();
  if (text.trim() === "") throw new HttpError(400, "malformed_json", "The body is empty; send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, "malformed_json", "The body is not valid JSON.");
  }
}

/**
 * Reads a JSON request body within maxBytes (see readBodyText).
 * Throws HttpError 415 (not JSON), 413 (too large) or 400 (malformed).
 */
export function readJsonBody(request: Request, { maxBytes }: ReadJsonOptions): Promise<unknown> {
  return readJsonFrom(request.headers.get("content-type"), () => readBodyText(request, { maxBytes }));
}
