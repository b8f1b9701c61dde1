// GET /api/admin/subscribers/export — the filtered subscriber list as CSV, streamed page by page (editors).
import { recordAudit } from "@/lib/audit/record";
import { downloadResponse, fileStamp } from "@/lib/http/download";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { subscriberCsvStream } from "@/lib/subscribers/csv";
import { parseSubscriberFilter } from "@/lib/subscribers/schema";

export const dynamic = "force-dynamic";

export const GET = defineEndpoint({
  label: "GET /api/admin/subscribers/export",
  access: "editor",
  async handle({ user, url, client }) {
    const { appDb } = getServerContext();
    // the list's own lenient filter (an unreadable value is dropped, as on the page); the export always
    // starts at the newest row, so a cursor in the URL is ignored
    const filter = { ...parseSubscriberFilter(Object.fromEntries(url.searchParams)), after: undefined };
    await recordAudit(appDb, {
      actor: { id: user.id, email: user.email },
      action: "subscriber.export",
      targetType: "subscriptions",
      details: { filter, withKeys: false },
      ip: client,
    });
    return downloadResponse(subscriberCsvStream(appDb, filter), {
      filename: `subscribers-${fileStamp()}.csv`,
      contentType: "text/csv; charset=utf-8",
    });
  },
});
