// The fields of a parameter list or a request body, as schemaFields() flattened them.
import type { SchemaField } from "@/lib/api/schema-fields";
import { Table, TBody, THead, Td, Th } from "@/components/ui/table";

export function FieldsTable({ fields, caption }: { fields: SchemaField[]; caption: string }) {
  return (
    <Table caption={caption}>
      <THead>
        <tr>
          <Th>Field</Th>
          <Th>Type</Th>
          <Th>Notes</Th>
        </tr>
      </THead>
      <TBody>
        {fields.map((field) => (
          <tr key={field.path}>
            <Td className="font-mono text-xs whitespace-nowrap">
              {field.path}
              {field.required ? <span className="text-red-700 dark:text-red-300"> *</span> : null}
            </Td>
            <Td className="font-mono text-xs">{field.type}</Td>
            <Td className="text-xs">{field.notes.join("; ")}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
