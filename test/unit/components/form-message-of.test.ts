import { describe, expect, it } from "vitest";
import { formMessageOf } from "@/components/ui/use-action-form";

describe("formMessageOf: each refusal is said once", () => {
  it("shows successes and refusals without field errors", () => {
    expect(formMessageOf<undefined>({ ok: true, message: "Saved." }, undefined)).toEqual({
      ok: true,
      message: "Saved.",
    });
    const refused = { ok: false as const, message: "Wrong email or password." };
    expect(formMessageOf(refused, undefined)).toBe(refused);
    expect(formMessageOf(null, undefined)).toBeNull();
  });

  it("drops a message that a field already shows", () => {
    const taken = { ok: false as const, message: "Key taken.", fieldErrors: { slug: ["Key taken."] } };
    expect(formMessageOf(taken, taken.fieldErrors)).toBeNull();
  });

  it("keeps a summary while field errors are open and drops it once they are all fixed", () => {
    const fields = { password: ["Use at least 10 characters."] };
    const summary = { ok: false as const, message: "Check the highlighted fields.", fieldErrors: fields };
    expect(formMessageOf(summary, fields)).toBe(summary);
    expect(formMessageOf(summary, {})).toBeNull();
  });

  it("keeps the message when only the whole form is concerned", () => {
    const framing = { ok: false as const, message: "Reload the page.", fieldErrors: { _form: ["Reload the page."] } };
    expect(formMessageOf(framing, framing.fieldErrors)).toBe(framing);
  });
});
