import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { auditFilterOptions, listAuditPage, parseAuditFilter, type AuditFilter } from "@/lib/audit/queries";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { AuditTable } from "./_components/audit-table";

export const metadata: Metadata = { title: "Audit log" };

function query(filter: AuditFilter, before?: number | null): string {
  const params = new URLSearchParams();
  for (const key of ["action", "actor", "from", "to"] as const) if (filter[key]) params.set(key, String(filter[key]));
  if (before) params.set("before", String(before));
  return params.toString();
}

function describe(details: Record<string, unknown> | null): string {
  if (!details) return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" · ")
    .slice(0, 300);
}

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("owner");
  const { appDb } = getServerContext();
  const filter = parseAuditFilter(await searchParams);
  const page = await listAuditPage(appDb, filter);
  const options = await auditFilterOptions(appDb);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, and when: sign-ins, campaigns, settings, keys, the team and subscriber data."
      />
      <Card className="mb-4">
        <form method="get" className="grid grid-cols-2 gap-3 p-4 lg:grid-cols-5" aria-label="Filter the audit log">
          <div className="space-y-1">
            <Label htmlFor="audit-action">Action</Label>
            <Select
              id="audit-action"
              name="action"
              defaultValue={filter.action ?? ""}
              options={[{ value: "", label: "Any action" }, ...options.actions.map((a) => ({ value: a, label: a }))]}
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor="audit-actor">Person</Label>
            <Select
              id="audit-actor"
              name="actor"
              defaultValue={filter.actor ?? ""}
              options={[{ value: "", label: "Anyone" }, ...options.actors.map((a) => ({ value: a, label: a }))]}
            />
          </div>
          <div className="space-y-1">
            <Label htmlFor="audit-from">From</Label>
            <Input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ""} />
          </div>
          <div className="space-y-1">
            <Label htmlFor="audit-to">Until</Label>
            <Input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ""} />
          </div>
          <div className="flex items-end gap-2">
            <button type="submit" className={buttonClasses("primary")}>
              Filter
            </button>
            <Link href="/admin/audit" className={buttonClasses("ghost")}>
              Reset
            </Link>
          </div>
        </form>
      </Card>
      <Card>
        {page.entries.length === 0 ? (
          <EmptyState title="Nothing recorded" description="No entries match these filters." />
        ) : (
          <>
            <AuditTable
              rows={page.entries.map((entry) => ({
                id: entry.id,
                at: entry.createdAt.getTime(),
                actor: entry.actorEmail,
                action: entry.action,
                details: [
                  entry.targetType ? `${entry.targetType} ${entry.targetId ?? ""}`.trim() : "",
                  describe(entry.details),
                  entry.ip ?? "",
                ]
                  .filter(Boolean)
                  .join(" · "),
              }))}
            />
            <nav aria-label="Pages" className="flex justify-end gap-2 border-t border-subtle px-4 py-3">
              {filter.before ? (
                <Link href={`/admin/audit?${query(filter)}`} className={buttonClasses("ghost", "sm")}>
                  Newest
                </Link>
              ) : null}
              {page.nextBefore ? (
                <Link
                  href={`/admin/audit?${query(filter, page.nextBefore)}`}
                  className={buttonClasses("secondary", "sm")}
                >
                  Older entries →
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
