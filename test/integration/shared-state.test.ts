// `npm start` loads the direct routes' modules itself while Next's bundle loads its own copies of the same
// files. State that must be one (rate limits, prepared statements, the commit queue) lives on the process
// (lib/process-state.ts), so both copies spend the same budget. Here the two copies are real: the route
// module is imported, the module registry is reset, and it is imported again.
import { describe, expect, it, vi } from "vitest";

vi.hoisted(async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  process.env.DATABASE_PATH = join(mkdtempSync(join(tmpdir(), "pushboard-shared-state-")), "test.db");
});
vi.mock("@/lib/auth/session", () => ({ getSessionClaims: async () => null }));

import { fromPeer } from "@/test/support/peer";

type Route = (request: Request) => Promise<Response>;
const body = (address: string, json: unknown) => ({
  method: "POST",
  headers: fromPeer(address, { "content-type": "application/json" }),
  body: JSON.stringify(json),
});

describe("one budget per client address, whichever copy of the module answers", () => {
  it("spends a client's budget on POST through one copy and refuses its PATCH through the other", async () => {
    const directCopy = (await import("@/app/api/subscriptions/route")) as { POST: Route };
    vi.resetModules();
    const nextCopy = (await import("@/app/api/subscriptions/route")) as { PATCH: Route; POST: Route };
    expect(nextCopy.POST).not.toBe(directCopy.POST); // two module instances, as in npm start

    const address = "198.51.100.77";
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push(
        (await directCopy.POST(new Request("http://localhost/api/subscriptions", body(address, { endpoint: 1 }))))
          .status,
      );
    expect(new Set(statuses)).toEqual(new Set([400])); // refused by validation, each counted
    const patch = await nextCopy.PATCH(
      new Request("http://localhost/api/subscriptions", {
        ...body(address, { endpoint: "https://x", auth: "a", topics: [] }),
        method: "PATCH",
      }),
    );
    expect(patch.status).toBe(429);
    expect(patch.headers.get("retry-after")).toMatch(/^\d+$/);
    // another client still has its own budget
    const other = await nextCopy.PATCH(
      new Request("http://localhost/api/subscriptions", {
        ...body("198.51.100.78", { endpoint: "https://x", auth: "a", topics: [] }),
        method: "PATCH",
      }),
    );
    expect(other.status).not.toBe(429);
  });
});
