import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { campaignsUsingSegment } from "@/lib/segments/mutations";
import { listSegments } from "@/lib/segments/queries";
import { getServerContext } from "@/lib/server-context";
import { SegmentTable } from "./_components/segment-table";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("viewer");
  const { appDb: db } = getServerContext();
  const segments = await listSegments(db);
  const usedBy = await Promise.all(segments.map((s) => campaignsUsingSegment(db, s.id)));
  const canEdit = hasRole(user.role, "editor");
  const saved = (await searchParams).saved;
  return (
    <>
      <PageHeader
        title="Segments"
        description="Reusable audiences defined by rules, such as browser, language or topic. Counts are active subscribers right now."
        actions={
          canEdit ? (
            <Link href="/admin/segments/new" className={buttonClasses("primary")}>
              New segment
            </Link>
          ) : null
        }
      />
      {saved ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-500/40 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-300"
        >
          Segment saved.
        </p>
      ) : null}
      <Card>
        {segments.length === 0 ? (
          <EmptyState
            title="No segments yet"
            description="Segments you define appear here, each with the number of subscribers it matches."
            action={
              canEdit ? (
                <Link href="/admin/segments/new" className={buttonClasses("primary")}>
                  Define the first one
                </Link>
              ) : undefined
            }
          />
        ) : (
          <SegmentTable
            canEdit={canEdit}
            rows={segments.map((s, i) => ({
              id: s.id,
              name: s.name,
              description: s.description,
              rulesInvalid: Boolean(s.rulesError),
              subscribers: s.subscriberCount,
              usedBy: usedBy[i]!,
            }))}
          />
        )}
      </Card>
    </>
  );
}
