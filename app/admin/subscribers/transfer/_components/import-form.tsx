"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import type { ImportReport } from "@/lib/subscribers/transfer";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/http/action-result";

export function ImportForm() {
  const [pending, setPending] = useState(false);
  const [state, setState] = useState<ActionResult>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0)
      return setState({ ok: false, message: "Choose a JSON or CSV file." });
    setPending(true);
    setReport(null);
    try {
      // the type the server reads it as: CSV by name or type, JSON otherwise
      const type =
        file.name.toLowerCase().endsWith(".csv") || file.type === "text/csv" ? "text/csv" : "application/json";
      const response = await fetch("/api/admin/subscriptions-import", {
        method: "POST",
        body: file,
        headers: { "Content-Type": `${type}; charset=utf-8` },
      });
      const body = (await response.json().catch(() => null)) as {
        report?: ImportReport;
        error?: { message: string };
      } | null;
      if (!response.ok || !body?.report)
        return setState({ ok: false, message: body?.error?.message ?? "The import failed. Try again." });
      setReport(body.report);
      setState({
        ok: true,
        message: `${body.report.imported} imported, ${body.report.alreadyPresent} already present, ${body.report.refusedTotal} refused.`,
      });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3">
        <Field id="import-file" label="File (JSON or CSV, up to 10 MB)" className="min-w-64 flex-1">
          <Input
            name="file"
            type="file"
            accept=".json,.csv,application/json,text/csv"
            required
            className="h-auto py-1.5"
          />
        </Field>
        <Button type="submit" pending={pending}>
          Import
        </Button>
      </form>
      <FormMessage state={state} />
      {report?.refused.length ? (
        <Table caption="Refused rows">
          <THead>
            <tr>
              <Th>Row</Th>
              <Th>Endpoint</Th>
              <Th>Why it was refused</Th>
            </tr>
          </THead>
          <TBody>
            {report.refused.map((refusal) => (
              <tr key={refusal.line}>
                <Td>{refusal.line}</Td>
                <Td className="font-mono text-xs">{refusal.endpoint}</Td>
                <Td>{refusal.reason}</Td>
              </tr>
            ))}
          </TBody>
        </Table>
      ) : null}
      {report && report.refusedTotal > report.refused.length ? (
        <p className="text-muted text-sm">Only the first {report.refused.length} refusals are listed.</p>
      ) : null}
    </div>
  );
}
