// How the test push services read a request: keep at most `limit` bytes, but report the full length
// (so they can answer 413 like a real push service). `destroyOverLimit` cuts the connection instead.
import type { IncomingMessage } from "node:http";

export const READ_LIMIT = 64 * 1024;

export function readRequestBody(
  req: IncomingMessage,
  options: { limit?: number; destroyOverLimit?: boolean } = {},
): Promise<{ body: Buffer; length: number }> {
  const limit = options.limit ?? READ_LIMIT;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
      else if (options.destroyOverLimit) req.destroy();
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), length }));
    req.on("error", reject);
  });
}
