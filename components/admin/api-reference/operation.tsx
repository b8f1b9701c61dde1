// One operation of the OpenAPI document: method and path, what it does, the scope it needs, its
// parameters and body field by field, its answers, and a curl command to paste.
import { Badge } from "@/components/ui/badge";
import { schemaFields, type SchemaField } from "@/lib/api/schema-fields";
import { CopyCode } from "./copy-code";
import { FieldsTable } from "./fields-table";

type JsonSchema = Record<string, unknown>;
export type OperationDoc = JsonSchema & { operationId: string; summary: string };

const METHOD_TONE = { get: "success", post: "brand", put: "warning", patch: "warning", delete: "danger" } as const;

function parameterFields(operation: OperationDoc): SchemaField[] {
  return ((operation.parameters ?? []) as JsonSchema[]).map((parameter) => {
    const name = String(parameter.name);
    const row = schemaFields(parameter.schema as JsonSchema, name)[0] ?? { path: name, type: "any", notes: [] };
    return { ...row, required: Boolean(parameter.required), notes: [`in ${String(parameter.in)}`, ...row.notes] };
  });
}

function bodyFields(operation: OperationDoc): SchemaField[] {
  const content = (operation.requestBody as JsonSchema | undefined)?.content as JsonSchema | undefined;
  const schema = (content?.["application/json"] as JsonSchema | undefined)?.schema as JsonSchema | undefined;
  return schema ? schemaFields(schema) : [];
}

function answers(operation: OperationDoc): { status: string; description: string }[] {
  return Object.entries(operation.responses as Record<string, JsonSchema>).map(([status, response]) => ({
    status,
    description: String(response.description ?? (response.$ref ? refusal(String(response.$ref)) : "")),
  }));
}

const refusal = (ref: string) => `refused: see Errors (${ref.slice(ref.lastIndexOf("/E") + 2)})`;

export function Operation({ method, path, operation }: { method: string; path: string; operation: OperationDoc }) {
  const parameters = parameterFields(operation);
  const body = bodyFields(operation);
  const samples = (operation["x-codeSamples"] ?? []) as { source: string }[];
  return (
    <section
      id={operation.operationId}
      className="scroll-mt-20 space-y-3 border-t border-subtle px-5 py-5 first:border-t-0"
    >
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={METHOD_TONE[method as keyof typeof METHOD_TONE] ?? "neutral"} className="font-mono uppercase">
          {method}
        </Badge>
        <h3 className="font-mono text-sm font-semibold break-all">{path}</h3>
        <Badge className="font-mono">{String(operation["x-scope"])}</Badge>
      </div>
      <p className="text-sm font-medium">{operation.summary}</p>
      {operation.description ? <p className="text-muted text-sm">{String(operation.description)}</p> : null}
      {parameters.length ? <FieldsTable fields={parameters} caption={`Parameters of ${method} ${path}`} /> : null}
      {body.length ? (
        <div>
          <p className="mb-1 text-sm font-medium">Body (JSON)</p>
          <FieldsTable fields={body} caption={`Body of ${method} ${path}`} />
        </div>
      ) : null}
      <ul className="text-sm">
        {answers(operation).map((answer) => (
          <li key={answer.status}>
            <span className="font-mono font-semibold">{answer.status}</span> {answer.description}
          </li>
        ))}
      </ul>
      {samples.map((sample) => (
        <CopyCode key={sample.source} code={sample.source} label={`the curl command for ${method} ${path}`} />
      ))}
    </section>
  );
}
