// Next's server-action decoder answers a body it cannot read with 500 before any of our code runs: a
// reply that is not JSON, JSON that is not an argument list, a body over its 1 MB limit. proxy.ts refuses
// those first, with the same 4xx answers the API gives. Next hands the proxy its own copy of the body, so
// reading it here leaves the action's untouched.
import { DomainError } from "@/lib/errors/domain-error";
import { bodyTooLarge, mediaType, readFetchBody } from "./request-body";

/** Next's default serverActions.bodySizeLimit ("1mb"); next.config.mjs does not change it. */
export const ACTION_BODY_LIMIT = 1024 * 1024;

/** A JavaScript-sent action (Next-Action header) whose body Next could not decode, or null when it can. */
export async function unreadableActionBody(request: Request): Promise<DomainError | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > ACTION_BODY_LIMIT) return bodyTooLarge(ACTION_BODY_LIMIT);
  // multipart bodies (forms with files) are decoded by Next's form parser, which refuses them itself
  if (mediaType(request.headers.get("content-type")) !== "text/plain") return null;
  let text: string;
  try {
    text = await readFetchBody(request, ACTION_BODY_LIMIT);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  try {
    // encodeReply's text is the JSON of the argument list
    if (Array.isArray(JSON.parse(text))) return null;
  } catch {
    // not JSON at all
  }
  return new DomainError("malformed_json", "This request could not be read. Reload the page and try again.");
}
