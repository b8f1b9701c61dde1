"use client";

import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, type ColumnMeta, type DataColumn } from "@/components/admin/data-table/data-table";
import type { CampaignListItem } from "@/lib/campaigns/queries";
import { CampaignVerbs, type Verb } from "./campaign-verbs";
import { campaignWhen } from "@/lib/campaigns/outcome";
import { formatCount, formatRate, formatUtc } from "./format";

function verbsFor(status: CampaignListItem["status"], canEdit: boolean): Verb[] {
  if (!canEdit) return [];
  const verbs: Verb[] = ["duplicate"];
  if (status === "draft") verbs.push("delete");
  if (status === "scheduled" || status === "sending" || status === "paused") verbs.push("cancel");
  return verbs;
}

// Content is 700 px wide at md and lg (the sidebar appears at lg), 960 px at xl, 1150 px at 2xl.
const num = (
  label: string,
  get: (c: CampaignListItem) => number | null,
  hideBelow?: ColumnMeta["hideBelow"],
): DataColumn<CampaignListItem> => ({
  id: label,
  header: label,
  accessorFn: get,
  cell: (info) => formatCount(info.getValue() as number | null),
  meta: { numeric: true, hideBelow },
});

const whenText = (c: CampaignListItem) => campaignWhen(c, formatUtc);

export function CampaignTable({ items, canEdit }: { items: CampaignListItem[]; canEdit: boolean }) {
  const columns: DataColumn<CampaignListItem>[] = [
    {
      id: "title",
      header: "Campaign",
      accessorFn: (c) => c.title,
      cell: ({ row }) => (
        <>
          <Link
            href={`/admin/campaigns/${row.original.id}`}
            className="block min-w-40 font-medium text-brand-700 hover:underline dark:text-brand-100"
          >
            {row.original.title}
          </Link>
          <span className="text-muted block text-xs whitespace-nowrap">{whenText(row.original)}</span>
          {row.original.via && <span className="text-muted block text-xs">{row.original.via}</span>}
        </>
      ),
      meta: { only: "table" },
    },
    {
      id: "card-title",
      header: "Campaign",
      cell: ({ row }) => (
        <Link
          href={`/admin/campaigns/${row.original.id}`}
          className="font-medium text-brand-700 hover:underline dark:text-brand-100"
        >
          {row.original.title}
        </Link>
      ),
      meta: { only: "cards", primary: true },
    },
    {
      id: "when",
      header: "When",
      cell: ({ row }) => (
        <span className="text-muted">
          {whenText(row.original)}
          {row.original.via && <span className="block text-xs">{row.original.via}</span>}
        </span>
      ),
      meta: { only: "cards", wide: true },
    },
    {
      id: "status",
      header: "Status",
      accessorFn: (c) => c.outcome.label,
      cell: ({ row }) => <Badge tone={row.original.outcome.tone}>{row.original.outcome.label}</Badge>,
      // a badge never wraps, and "cancelled after 263 of 1,616" is wider than half a phone card
      meta: { wide: true },
    },
    num("Audience", (c) => c.audienceSize, "xl"),
    num("Accepted", (c) => c.counters.accepted, "2xl"),
    num("Failed", (c) => c.counters.failed, "2xl"),
    num("Expired", (c) => c.counters.expired, "2xl"),
    num("Shown", (c) => c.counters.shown, "2xl"),
    num("Clicked", (c) => c.counters.clicked, "xl"),
    {
      id: "ctr",
      header: "CTR",
      accessorFn: (c) => c.clickThroughRate,
      cell: (info) => formatRate(info.getValue() as number | null),
      meta: { numeric: true, hideBelow: "xl" },
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: ({ row }) => (
        <CampaignVerbs
          id={row.original.id}
          title={row.original.title}
          verbs={verbsFor(row.original.status, canEdit)}
          size="sm"
        />
      ),
      meta: { className: "w-px whitespace-nowrap", actions: true, label: "Actions" },
    },
  ];
  return <DataTable caption="Campaigns" columns={columns} data={items} rowKey={(c) => c.id} />;
}
