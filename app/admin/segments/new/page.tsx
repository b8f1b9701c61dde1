import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { EMPTY_RULES } from "@/lib/segments/schema";
import { getServerContext } from "@/lib/server-context";
import { pickerOptions } from "../_components/picker-options";
import { SegmentForm } from "../_components/segment-form";

export const metadata: Metadata = { title: "New segment" };

export default async function NewSegmentPage() {
  await requirePageUser("editor");
  const { appDb } = getServerContext();
  return (
    <>
      <PageHeader
        title="New segment"
        description="A reusable audience: rules over topics, browser, platform, language and activity."
      />
      <SegmentForm initial={{ name: "", description: "", rules: EMPTY_RULES }} options={await pickerOptions(appDb)} />
    </>
  );
}
