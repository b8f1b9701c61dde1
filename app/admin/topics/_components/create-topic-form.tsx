"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { FormMessage } from "@/components/ui/form-message";
import { useActionForm } from "@/components/ui/use-action-form";
import { createTopicAction } from "../actions";

export function CreateTopicForm() {
  const form = useActionForm(createTopicAction);
  const { errors, values } = form;
  return (
    <form {...form.props} className="grid gap-3 sm:grid-cols-[1fr_2fr_1fr_auto] sm:items-start">
      <Field id="topic-name" label="Name" error={errors?.name}>
        <Input name="name" required maxLength={80} defaultValue={values.name} />
      </Field>
      <Field id="topic-description" label="Description (shown on the site)" error={errors?.description}>
        <Input name="description" maxLength={280} defaultValue={values.description} />
      </Field>
      <Field id="topic-slug" label="Key (optional)" error={errors?.slug}>
        <Input name="slug" placeholder="from the name" maxLength={64} defaultValue={values.slug} />
      </Field>
      <Button type="submit" pending={form.pending} className="sm:mt-6">
        Add topic
      </Button>
      <div className="sm:col-span-4">
        <FormMessage state={form.message} />
      </div>
    </form>
  );
}
