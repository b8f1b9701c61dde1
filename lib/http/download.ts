// A file the browser saves (CSV and JSON exports), streamed as it is produced.
import { NO_STORE } from "./headers";

export function downloadResponse(
  body: ReadableStream<Uint8Array>,
  options: { filename: string; contentType: string },
): Response {
  return new Response(body, {
    headers: {
      ...NO_STORE,
      "Content-Type": options.contentType,
      "Content-Disposition": `attachment; filename="${options.filename.replace(/[^\w.-]/g, "_")}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Today's date as the exports' file names carry it. */
export const fileStamp = (now = new Date()) => now.toISOString().slice(0, 10);
