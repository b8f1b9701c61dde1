// Server-action bodies Next's decoder would answer with 500 are refused first, as 4xx in the API's shape.
import { describe, expect, it } from "vitest";
import { ACTION_BODY_LIMIT, unreadableActionBody } from "@/lib/http/action-body";

const post = (body: string, type = "text/plain;charset=UTF-8") =>
  new Request("http://localhost/admin/setup", {
    method: "POST",
    headers: { "content-type": type, "next-action": "abc" },
    body,
  });

describe("unreadableActionBody", () => {
  it("lets an argument list and multipart forms through", async () => {
    expect(await unreadableActionBody(post('[null,"$K1"]'))).toBeNull();
    expect(await unreadableActionBody(post("--x\r\n", "multipart/form-data; boundary=x"))).toBeNull();
  });

  it.each([["{"], ["null"], ['{"a":1}'], ["42"], [""]])("refuses %j as unreadable (400)", async (body) => {
    expect(await unreadableActionBody(post(body))).toMatchObject({ code: "malformed_json", status: 400 });
  });

  it("refuses a body over Next's 1 MB limit (413), declared or not", async () => {
    expect(await unreadableActionBody(post(`["${"a".repeat(ACTION_BODY_LIMIT)}"]`))).toMatchObject({
      code: "payload_too_large",
      status: 413,
    });
    const declared = new Request("http://localhost/", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(ACTION_BODY_LIMIT + 1) },
      body: "x",
    });
    expect(await unreadableActionBody(declared)).toMatchObject({ code: "payload_too_large" });
  });
});
