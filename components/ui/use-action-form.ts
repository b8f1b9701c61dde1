"use client";

// The one way an admin form talks to its server action (useActionState underneath), so every form behaves
// the same when the server refuses:
// - what was typed stays: the form is submitted from onSubmit inside a transition, which React does not
//   follow with its automatic reset of uncontrolled fields (a form `action` alone would empty them,
//   passwords included). `values` (what the server kept) serves the no-JavaScript path; a success resets
//   the form as React would.
// - each error shows once: the form-level message is dropped when it repeats an error shown under a field,
//   and once every field error it summarised has been edited.
// - a field's error goes away as soon as that field is edited.
// - focus moves to the first invalid control (scrolled into view) after each refusal.
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type RefObject } from "react";
import type { ActionResult, FieldErrors } from "@/lib/http/action-result";

type FormAction<T> = (previous: ActionResult<T>, form: FormData) => Promise<ActionResult<T>>;

/** Focuses the first control a Field marked invalid (aria-invalid) inside `root`, and brings it into view. */
export function focusFirstInvalid(root: HTMLElement | null): boolean {
  const target = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!target) return false;
  target.focus({ preventScroll: true });
  target.scrollIntoView({ block: "center" });
  return true;
}

/** After each new set of errors (`errors` changes identity and is not empty), focus the first invalid control. */
export function useFocusFirstError(root: RefObject<HTMLElement | null>, errors: FieldErrors | null | undefined) {
  useEffect(() => {
    if (errors && Object.keys(errors).length > 0) focusFirstInvalid(root.current);
  }, [root, errors]);
}

/**
 * The form-level message worth showing: a success, or a refusal not already said under a field. `open` are
 * the field errors still shown (all of them for a form that does not clear them on input).
 */
export function formMessageOf<T>(state: ActionResult<T>, open: FieldErrors | null | undefined) {
  if (!state || state.ok) return state;
  const all = Object.entries(state.fieldErrors ?? {}).filter(([key]) => key !== "_form");
  if (all.some(([, messages]) => messages.includes(state.message))) return null;
  // a summary of field errors ("Check the highlighted fields.") is done once they are all fixed
  if (all.length > 0 && Object.keys(open ?? {}).length === 0) return null;
  return state;
}

export function useActionForm<T = undefined>(
  action: FormAction<T>,
  options: { initial?: ActionResult<T>; onSubmit?: (event: FormEvent<HTMLFormElement>) => void } = {},
) {
  // typed through the concrete result: TypeScript cannot see that Awaited<ActionResult<T>> is ActionResult<T>
  const [settled, dispatch, pending] = useActionState<ActionResult<unknown>, FormData>(
    action as FormAction<unknown>,
    (options.initial ?? null) as ActionResult<unknown>,
  );
  const state = settled as ActionResult<T>;
  const ref = useRef<HTMLFormElement>(null);
  // the fields edited since the last result: their errors are no longer shown
  const [edited, setEdited] = useState<{ result: ActionResult<T>; names: readonly string[] }>({
    result: state,
    names: [],
  });
  const failure = state && !state.ok ? state : null;
  const fixed = edited.result === state ? edited.names : [];
  const errors: FieldErrors | undefined = failure?.fieldErrors
    ? Object.fromEntries(Object.entries(failure.fieldErrors).filter(([key]) => !fixed.includes(key)))
    : undefined;

  useFocusFirstError(ref, failure?.fieldErrors);
  useEffect(() => {
    if (state?.ok) ref.current?.reset();
  }, [state]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    options.onSubmit?.(event);
    if (event.defaultPrevented) return;
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => dispatch(data));
  }

  function onInput(event: FormEvent<HTMLFormElement>) {
    const name = (event.target as { name?: unknown }).name;
    if (typeof name !== "string" || !failure?.fieldErrors?.[name] || fixed.includes(name)) return;
    setEdited({ result: state, names: [...fixed, name] });
  }

  return {
    state,
    pending,
    /** spread on the <form>: it still names the action, for a submission before hydration */
    props: { ref, action: dispatch, onSubmit, onInput },
    /** field errors still to fix, by field name */
    errors,
    /** what the server kept of the refused submission (never a password), for defaultValue */
    values: failure?.values ?? {},
    /** for <FormMessage state={…}>: the outcome, unless it only repeats errors under the fields */
    message: formMessageOf(state, errors),
    /** the same, for a form that shows its successes elsewhere (a dialog that closes, a row that stops editing) */
    refusal: failure ? formMessageOf(failure, errors) : null,
  };
}
