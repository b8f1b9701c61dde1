// POST /api/receipts — the service worker reports shown / clicked / closed / action for one delivery
import { routeHandler } from "@/lib/http/json-endpoint";
import { receiptEndpoint } from "./_endpoint";

export const dynamic = "force-dynamic";

export const POST = routeHandler(receiptEndpoint);
