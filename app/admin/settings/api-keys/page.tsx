import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { listApiKeys } from "@/lib/api-keys/manage";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { CreateKeyForm } from "./_components/create-key-form";
import { KeyTable } from "./_components/key-table";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  await requirePageUser("owner");
  const keys = await listApiKeys(getServerContext().appDb, new Date());
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/settings" className="text-muted hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="API keys"
        description={
          <>
            Keys your own back-end calls the{" "}
            <Link href="/admin/api" className="text-brand-700 underline dark:text-brand-100">
              REST API
            </Link>{" "}
            with. Each may do only what its scopes allow; revoking one refuses its next request.
          </>
        }
      />
      <Card className="mb-6">
        <CardHeader
          title="Create a key"
          description="Pushboard stores only a hash of the secret: it is shown once, right after you create the key."
        />
        <CardBody>
          <CreateKeyForm />
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Keys" />
        <KeyTable keys={keys} />
      </Card>
    </>
  );
}
