"use client";

import { useActionState, useEffect, useMemo, useRef, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { fieldErrorsOf, type ActionResult, type FieldErrors } from "@/lib/http/action-result";
import {
  segmentInputSchema,
  segmentRulesSchema,
  type Condition,
  type ConditionGroup,
  type ConditionKind,
  type SegmentRules,
} from "@/lib/segments/schema";
import { FormMessage } from "@/components/ui/form-message";
import { formMessageOf, useFocusFirstError } from "@/components/ui/use-action-form";
import { countSegmentAction, saveSegmentAction } from "../actions";
import { ConditionEditor, KIND_LABELS, newCondition, type PickerOptions } from "./condition-editor";

type Node = SegmentRules["conditions"][number];

function firstError(errors: FieldErrors, prefix: string): string | undefined {
  const hit = Object.entries(errors).find(([key]) => key === prefix || key.startsWith(`${prefix}.`));
  return hit?.[1][0];
}

function AddRule({
  label,
  onAdd,
  allowGroup,
}: {
  label: string;
  onAdd: (kind: ConditionKind | "group") => void;
  allowGroup?: boolean;
}) {
  return (
    <select
      aria-label={label}
      className="surface rounded-md border border-subtle px-2 py-1.5 text-sm"
      value=""
      onChange={(e) => {
        if (e.target.value) onAdd(e.target.value as ConditionKind | "group");
      }}
    >
      <option value="">+ Add a rule…</option>
      {(Object.keys(KIND_LABELS) as ConditionKind[]).map((k) => (
        <option key={k} value={k}>
          {KIND_LABELS[k]}
        </option>
      ))}
      {allowGroup ? <option value="group">A group of rules (any/all)</option> : null}
    </select>
  );
}

function MatchSelect({
  id,
  value,
  onChange,
}: {
  id: string;
  value: "all" | "any";
  onChange: (v: "all" | "any") => void;
}) {
  return (
    <select
      id={id}
      className="surface rounded-md border border-subtle px-2 py-1.5 text-sm"
      value={value}
      onChange={(e) => onChange(e.target.value as "all" | "any")}
    >
      <option value="all">all</option>
      <option value="any">any</option>
    </select>
  );
}

export function SegmentForm({
  id,
  initial,
  options,
}: {
  id?: number;
  initial: { name: string; description: string; rules: SegmentRules };
  options: PickerOptions;
}) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [rules, setRules] = useState<SegmentRules>(initial.rules);
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  const [state, action, saving] = useActionState<ActionResult, FormData>(saveSegmentAction, null);
  const [count, setCount] = useState<{ value: number | null; message?: string }>({ value: null });
  const [counting, startCount] = useTransition();
  const serverErrors = state && !state.ok ? state.fieldErrors : undefined;
  const errors = clientErrors ?? serverErrors ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, clientErrors ?? serverErrors);
  const payload = useMemo(() => JSON.stringify({ name, description, rules }), [name, description, rules]);
  const rulesKey = JSON.stringify(rules);

  useEffect(() => {
    const timer = setTimeout(() => {
      const candidate = JSON.parse(rulesKey) as unknown;
      if (!segmentRulesSchema.safeParse(candidate).success) {
        setCount({ value: null, message: "Finish the rules to see how many subscribers match." });
        return;
      }
      startCount(async () => {
        const result = await countSegmentAction(candidate);
        setCount(result?.ok ? { value: result.data.count } : { value: null, message: result?.message });
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [rulesKey]);

  const setNode = (i: number, node: Node) =>
    setRules((r) => ({ ...r, conditions: r.conditions.map((c, j) => (j === i ? node : c)) }));
  const removeNode = (i: number) => setRules((r) => ({ ...r, conditions: r.conditions.filter((_, j) => j !== i) }));
  const addNode = (kind: ConditionKind | "group") =>
    setRules((r) => ({
      ...r,
      conditions: [
        ...r.conditions,
        kind === "group" ? ({ kind: "group", match: "any", conditions: [] } as ConditionGroup) : newCondition(kind),
      ],
    }));

  function onSubmit(event: FormEvent) {
    const parsed = segmentInputSchema.safeParse(JSON.parse(payload));
    if (!parsed.success) {
      event.preventDefault();
      setClientErrors(fieldErrorsOf(parsed.error));
    } else setClientErrors(null);
  }

  return (
    <form ref={formRef} action={action} onSubmit={onSubmit} noValidate className="grid gap-6">
      <input type="hidden" name="payload" value={payload} />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <Card>
        <CardBody className="grid gap-4 sm:grid-cols-2">
          <Field id="s-name" label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={80} required />
          </Field>
          <Field id="s-description" label="Description (optional)" error={errors.description}>
            <Input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
          </Field>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Rules"
          description="Only active subscribers are ever counted or sent to."
          actions={
            <p
              aria-live="polite"
              className="surface-muted rounded-md border border-subtle px-3 py-1.5 text-sm"
              data-testid="segment-count"
            >
              {count.value === null ? (
                <span className="text-muted">{count.message ?? "Counting…"}</span>
              ) : (
                <>
                  <strong>{count.value.toLocaleString("en")}</strong> active subscriber{count.value === 1 ? "" : "s"}{" "}
                  match{counting ? "…" : ""}
                </>
              )}
            </p>
          }
        />
        <CardBody className="space-y-3">
          <p className="flex items-center gap-2 text-sm">
            <label htmlFor="s-match">Match</label>
            <MatchSelect id="s-match" value={rules.match} onChange={(match) => setRules((r) => ({ ...r, match }))} />
            <span>of these rules{rules.conditions.length === 0 ? " (no rules: every active subscriber)" : ""}.</span>
          </p>
          <ul className="space-y-2">
            {rules.conditions.map((node, i) =>
              node.kind === "group" ? (
                <li
                  key={i}
                  className="space-y-2 rounded-md border border-dashed border-subtle p-3"
                  aria-label={`Group ${i + 1}`}
                >
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    <label htmlFor={`s-group-${i}`}>Group: match</label>
                    <MatchSelect
                      id={`s-group-${i}`}
                      value={node.match}
                      onChange={(match) => setNode(i, { ...node, match })}
                    />
                    <span>of</span>
                    <Button variant="ghost" size="sm" className="ml-auto" onClick={() => removeNode(i)}>
                      Remove group
                    </Button>
                  </div>
                  <ul className="space-y-2">
                    {node.conditions.map((c, j) => (
                      <ConditionEditor
                        key={j}
                        index={j}
                        condition={c}
                        options={options}
                        error={firstError(errors, `rules.conditions.${i}.conditions.${j}`)}
                        onChange={(next) =>
                          setNode(i, { ...node, conditions: node.conditions.map((x, k) => (k === j ? next : x)) })
                        }
                        onRemove={() => setNode(i, { ...node, conditions: node.conditions.filter((_, k) => k !== j) })}
                      />
                    ))}
                  </ul>
                  <AddRule
                    label={`Add a rule to group ${i + 1}`}
                    onAdd={(kind) =>
                      kind !== "group" && setNode(i, { ...node, conditions: [...node.conditions, newCondition(kind)] })
                    }
                  />
                  {firstError(errors, `rules.conditions.${i}.conditions`) && node.conditions.length === 0 ? (
                    <p className="text-sm text-red-700 dark:text-red-400">A group needs at least one rule.</p>
                  ) : null}
                </li>
              ) : (
                <ConditionEditor
                  key={i}
                  index={i}
                  condition={node as Condition}
                  options={options}
                  error={firstError(errors, `rules.conditions.${i}`)}
                  onChange={(next) => setNode(i, next)}
                  onRemove={() => removeNode(i)}
                />
              ),
            )}
          </ul>
          <AddRule label="Add a rule" onAdd={addNode} allowGroup />
          {errors["rules.conditions"] ? (
            <p className="text-sm text-red-700 dark:text-red-400">{errors["rules.conditions"][0]}</p>
          ) : null}
        </CardBody>
      </Card>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={saving}>
          {id ? "Save segment" : "Create segment"}
        </Button>
        <FormMessage
          state={
            clientErrors ? { ok: false, message: "Check the highlighted rules." } : formMessageOf(state, serverErrors)
          }
        />
      </div>
    </form>
  );
}
