import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/admin/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { campaignIdSchema } from "@/lib/campaigns/schema";
import { SegmentNotFoundError } from "@/lib/segments/errors";
import { getSegment } from "@/lib/segments/queries";
import { EMPTY_RULES } from "@/lib/segments/schema";
import { getServerContext } from "@/lib/server-context";
import { pickerOptions } from "../_components/picker-options";
import { SegmentForm } from "../_components/segment-form";

export const metadata: Metadata = { title: "Edit segment" };

export default async function EditSegmentPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("editor");
  const id = campaignIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  const { appDb } = getServerContext();
  let segment;
  try {
    segment = await getSegment(appDb, id.data);
  } catch (error) {
    if (error instanceof SegmentNotFoundError) notFound();
    throw error;
  }
  return (
    <>
      <PageHeader
        title={`Edit “${segment.name}”`}
        description={
          segment.rulesError
            ? `The stored rules no longer parse (${segment.rulesError}); saving replaces them.`
            : "Changes apply to campaigns that have not started sending."
        }
      />
      <SegmentForm
        id={segment.id}
        initial={{ name: segment.name, description: segment.description, rules: segment.rules ?? EMPTY_RULES }}
        options={await pickerOptions(appDb)}
      />
    </>
  );
}
