// The API reference: the OpenAPI document of /api/v1 rendered for people, with a curl command per
// operation and how to sign a user id. It renders the same document /api/v1/openapi.json serves.
import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/admin/page-header";
import { CopyCode } from "@/components/admin/api-reference/copy-code";
import { Operation, type OperationDoc } from "@/components/admin/api-reference/operation";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { openApiDocument } from "@/lib/api/openapi";
import { IDENTITY_SNIPPETS, IDENTITY_VECTOR } from "@/lib/api/identity-snippets";
import { requirePageUser } from "@/lib/auth/require-user";
import { env } from "@/lib/env.mjs";
import { API_ROUTES } from "@/app/api/v1/_routes";

export const metadata: Metadata = { title: "API reference" };

type Operations = Record<string, Record<string, OperationDoc>>;

async function siteOrigin(): Promise<string> {
  if (env.PUBLIC_URL) return env.PUBLIC_URL.replace(/\/$/, "");
  const incoming = await headers();
  return `${incoming.get("x-forwarded-proto") ?? "http"}://${incoming.get("host") ?? "localhost:3000"}`;
}

function byTag(paths: Operations): [string, { method: string; path: string; operation: OperationDoc }[]][] {
  const groups = new Map<string, { method: string; path: string; operation: OperationDoc }[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = ((operation.tags ?? []) as string[])[0] ?? "Other";
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, operation }]);
    }
  }
  return [...groups];
}

const BASICS = [
  [
    "Authentication",
    "Every request sends an API key from Settings → API keys as Authorization: Bearer pb_…. A key has scopes; a request outside them is answered 403.",
  ],
  [
    "Errors",
    'Every refusal is JSON: { "error": { "code", "message", "fieldErrors"? } }. The message and fieldErrors name the field that is wrong.',
  ],
  [
    "Rate limits",
    "Each key has its own limit (100 requests per second unless set otherwise). Over it the answer is 429 with Retry-After in seconds.",
  ],
  [
    "Idempotency",
    "POST /api/v1/notifications takes an Idempotency-Key header (up to 255 characters). The same key and body within 24 hours return the first answer again, marked Idempotent-Replayed: true, and send nothing more; the same key with another body is refused with 422.",
  ],
  [
    "Pagination",
    "Lists answer { data, nextCursor }. Pass nextCursor back as ?cursor= for the next page; null means this was the last.",
  ],
] as const;

export default async function ApiReferencePage() {
  await requirePageUser("viewer");
  const origin = await siteOrigin();
  const document = openApiDocument(API_ROUTES, origin) as { paths: Operations };
  const groups = byTag(document.paths);
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            Send from your own back-end and manage subscriptions. Machine-readable:{" "}
            <a className="text-brand-700 dark:text-brand-100 font-medium hover:underline" href="/api/v1/openapi.json">
              OpenAPI 3.1 document
            </a>
            .
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Basics" description={`Base URL: ${origin}/api/v1`} />
          <CardBody>
            <dl className="space-y-3 text-sm">
              {BASICS.map(([term, text]) => (
                <div key={term}>
                  <dt className="font-medium">{term}</dt>
                  <dd className="text-muted">{text}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <nav aria-label="Operations" className="surface rounded-lg border border-subtle px-5 py-4 text-sm">
          <ul className="grid gap-1 sm:grid-cols-2">
            {groups.flatMap(([, operations]) =>
              operations.map(({ method, path, operation }) => (
                <li key={operation.operationId}>
                  <a href={`#${operation.operationId}`} className="hover:underline">
                    <span className="font-mono text-xs uppercase">{method}</span> {path}
                  </a>
                </li>
              )),
            )}
          </ul>
        </nav>
        {groups.map(([tag, operations]) => (
          <Card key={tag}>
            <CardHeader title={tag} />
            {operations.map(({ method, path, operation }) => (
              <Operation key={operation.operationId} method={method} path={path} operation={operation} />
            ))}
          </Card>
        ))}
        <Card id="identity">
          <CardHeader
            title="Signing a user id (identity verification)"
            description="To attach your user id at opt-in, your back-end signs it with the identity secret from Settings; the page sends both, and an unsigned or wrongly signed id is refused."
          />
          <CardBody className="space-y-4">
            {IDENTITY_SNIPPETS.map((snippet) => (
              <div key={snippet.language}>
                <p className="mb-1 text-sm font-medium">{snippet.language}</p>
                <CopyCode code={snippet.code} label={`the ${snippet.language} example`} />
              </div>
            ))}
            <p className="text-muted text-sm">
              Check yours: the secret <code className="font-mono">{IDENTITY_VECTOR.secret}</code> and the id{" "}
              <code className="font-mono">{IDENTITY_VECTOR.externalId}</code> give{" "}
              <code className="font-mono break-all">{IDENTITY_VECTOR.signature}</code>.
            </p>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
