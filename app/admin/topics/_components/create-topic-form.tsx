"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { FormMessage } from "@/components/ui/form-message";
import type { ActionResult } from "@/lib/http/action-result";
import { createTopicAction } from "../actions";

export function CreateTopicForm() {
  const [state, action, pending] = useActionState<ActionResult, FormData>(createTopicAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-[1fr_2fr_1fr_auto] sm:items-start">
      <Field id="topic-name" label="Name" error={errors?.name}>
        <Input name="name" required maxLength={80} />
      </Field>
      <Field id="topic-description" label="Description (shown on the site)" error={errors?.description}>
        <Input name="description" maxLength={280} />
      </Field>
      <Field id="topic-slug" label="Key (optional)" error={errors?.slug}>
        <Input name="slug" placeholder="from the name" maxLength={64} />
      </Field>
      <Button type="submit" pending={pending} className="sm:mt-6">
        Add topic
      </Button>
      <div className="sm:col-span-4">
        <FormMessage state={state} />
      </div>
    </form>
  );
}
