// Reading a request body on either transport, never buffering more than the endpoint's limit: a declared
// Content-Length over it is refused before a byte is read, a longer (chunked) body as soon as it passes
// the limit. What is left unread is discarded, so the connection still carries our answer.
import type { IncomingMessage } from "node:http";
import { DomainError } from "@/lib/errors/domain-error";

/** The media type of a Content-Type header, lower case, without parameters ("" when absent). */
export function mediaType(value: string | null): string {
  return (value ?? "").split(";")[0]!.trim().toLowerCase();
}

export function isJsonContentType(value: string | null): boolean {
  const type = mediaType(value);
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** A Fetch Request's body as UTF-8 text, at most maxBytes (payload_too_large past it). An absent body reads as "". */
export async function readFetchBody(request: Request, maxBytes: number): Promise<string> {
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

export function bodyTooLarge(maxBytes: number): DomainError {
  return new DomainError("payload_too_large", `The body must be at most ${maxBytes} bytes.`);
}

/** A Node request's body as UTF-8 text, at most maxBytes; incomplete_body when the client leaves mid-body. */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(bodyTooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (finish: () => void) => {
      req.off("data", onData).off("end", onEnd).off("error", incomplete).off("close", incomplete);
      finish();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) return void chunks.push(chunk);
      settle(() => reject(bodyTooLarge(maxBytes)));
      req.resume(); // drop the rest
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, total).toString("utf8")));
    // the client went away mid-body: its fault, not a bug to log (and usually nobody left to answer)
    const incomplete = () =>
      settle(() => reject(new DomainError("incomplete_body", "The request ended before its body did.")));
    req.on("data", onData).once("end", onEnd).once("error", incomplete).once("close", incomplete);
  });
}

/** Refuses a body whose declared type is not JSON, before a byte of it is read. */
export function assertJsonType(contentType: string | null): void {
  if (!isJsonContentType(contentType))
    throw new DomainError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.");
}

/** Refuses a body whose declared type is none of `types` (media types, lower case). */
export function assertMediaType(contentType: string | null, types: readonly string[]): void {
  if (!types.includes(mediaType(contentType)))
    throw new DomainError("unsupported_media_type", `Send the body as ${types.join(" or ")}.`);
}

/** JSON.parse with the API's refusals: malformed_json for an empty or broken body. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === "") throw new DomainError("malformed_json", "The body is empty; send a JSON object.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError("malformed_json", "The body is not valid JSON.");
  }
}
