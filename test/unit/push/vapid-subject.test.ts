import { describe, expect, it } from "vitest";
import { validateVapidSubject, vapidSubjectSchema } from "@/lib/push/vapid-subject";

describe("validateVapidSubject", () => {
  it.each([
    "mailto:ops@pushboard.dev",
    "mailto:push+alerts@mail.example.co.uk",
    "https://pushboard.dev",
    "https://pushboard.dev/contact",
  ])("accepts %s", (subject) => expect(validateVapidSubject(subject)).toEqual({ ok: true, subject }));

  it.each([
    "",
    "ops@pushboard.dev",
    "http://pushboard.dev",
    "mailto:",
    "mailto:ops",
    "mailto:ops@localhost",
    "mailto:ops@host",
    "mailto:<ops@pushboard.dev>",
    "mailto: ops@pushboard.dev",
    "mailto:ops@pushboard.dev ",
    "mailto:a@b@pushboard.dev",
    "https://localhost",
    "https://localhost:3000/x",
    "https://app.localhost",
    "https://127.0.0.1",
    "https://[::1]/",
    "https://user:pw@pushboard.dev",
    "https://push board.dev",
    "https://",
    "ftp://pushboard.dev",
    "mailto:ops@pushboard.dev\n",
    "x".repeat(600),
  ])("refuses %j", (subject) => {
    const check = validateVapidSubject(subject);
    expect(check.ok).toBe(false);
    expect(vapidSubjectSchema.safeParse(subject).success).toBe(false);
  });

  it("refuses non-strings", () => {
    expect(validateVapidSubject(undefined as unknown as string).ok).toBe(false);
    expect(vapidSubjectSchema.safeParse(42).success).toBe(false);
  });
});
