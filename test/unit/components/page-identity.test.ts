import { describe, expect, it } from "vitest";
import { pageIdentity } from "@/components/site/push-client";

/** A head with these meta tags, as a page that knows its visitor renders them. */
function head(meta: Record<string, string>) {
  return {
    querySelector: (selector: string) => {
      const name = /meta\[name="([^"]+)"\]/.exec(selector)?.[1];
      return name !== undefined && name in meta ? { content: meta[name] } : null;
    },
  } as unknown as Pick<Document, "querySelector">;
}

describe("pageIdentity", () => {
  it("reads the signed user id from the page's meta tags, untouched", () => {
    const signature = "ab".repeat(32);
    expect(
      pageIdentity(head({ "pushboard-external-id": " user 42", "pushboard-external-id-signature": signature })),
    ).toEqual({ externalId: " user 42", externalIdSignature: signature });
  });

  it("is null unless both are there and not empty", () => {
    expect(pageIdentity(head({}))).toBeNull();
    expect(pageIdentity(head({ "pushboard-external-id": "user-42" }))).toBeNull();
    expect(pageIdentity(head({ "pushboard-external-id": "", "pushboard-external-id-signature": "ab" }))).toBeNull();
  });
});
