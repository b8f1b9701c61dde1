// The pieces the API reference is rendered from: curl commands that a shell runs as written, and the
// field rows read from the same zod schemas the server checks.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { curlExample, shellQuote } from "@/lib/api/curl-example";
import { jsonSchemaOf } from "@/lib/api/openapi";
import { schemaFields } from "@/lib/api/schema-fields";

describe("shellQuote", () => {
  it.each(["plain", "it's", "'; rm -rf / #", '$(whoami) `id` \\ " \n'])("survives sh unchanged: %j", (text) => {
    expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(text)}`], { encoding: "utf8" })).toBe(text);
  });
});

describe("curlExample", () => {
  it("reads the key from the environment and sends a body with an idempotency key", () => {
    const command = curlExample("POST", "https://push.example.com/api/v1/notifications", { title: "Don't miss" });
    expect(command).toContain('-H "Authorization: Bearer $PUSHBOARD_API_KEY"');
    expect(command).toContain("Idempotency-Key");
    expect(command).toContain(`'\\''`);
    expect(command).not.toMatch(/pb_[A-Za-z0-9_-]{20,}/);
  });

  it("sends no body and no content type for a read", () => {
    const command = curlExample("GET", "https://push.example.com/api/v1/topics");
    expect(command).not.toContain("Content-Type");
    expect(command).not.toContain("-d ");
  });
});

describe("schemaFields", () => {
  const schema = z.strictObject({
    title: z.string().min(1).max(120).describe("Shown in bold"),
    urgency: z.enum(["low", "normal", "high"]).default("normal"),
    actions: z.array(z.object({ title: z.string().max(40), url: z.url().optional() })).max(2),
    topics: z.object({ include: z.array(z.number().int()).optional() }).optional(),
  });

  it("gives one row per field, nested by path, with limits in words", () => {
    const rows = schemaFields(jsonSchemaOf(schema));
    expect(rows.map((row) => row.path)).toEqual([
      "title",
      "urgency",
      "actions",
      "actions[].title",
      "actions[].url",
      "topics",
      "topics.include",
    ]);
    const [title, urgency] = rows;
    expect(title).toMatchObject({ type: "string", required: true, notes: ["Shown in bold", "1–120 characters"] });
    expect(urgency?.notes).toEqual(['one of "low", "normal", "high"', 'default "normal"']);
    expect(rows.find((row) => row.path === "actions")?.notes).toEqual(["at most 2 items"]);
    expect(rows.find((row) => row.path === "actions[].url")?.required).toBe(false);
  });
});
