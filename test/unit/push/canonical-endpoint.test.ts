import { describe, expect, it } from "vitest";
import { canonicalEndpoint } from "@/lib/push/canonical-endpoint";
import { checkEndpoint } from "@/lib/push/endpoint-policy";

const MOZILLA = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk-Zx_Q9";

describe("canonicalEndpoint", () => {
  it.each([
    ["host case", "HTTPS://Updates.Push.Services.Mozilla.com/wpush/v2/gAAAAABk-Zx_Q9"],
    ["a trailing dot on the host", "https://updates.push.services.mozilla.com./wpush/v2/gAAAAABk-Zx_Q9"],
    ["the default port written out", "https://updates.push.services.mozilla.com:443/wpush/v2/gAAAAABk-Zx_Q9"],
    ["an empty query", "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk-Zx_Q9?"],
    ["an empty fragment", "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk-Zx_Q9#"],
    ["a fragment", "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk-Zx_Q9#x"],
    ["all of them", "HTTPS://UPDATES.push.services.mozilla.COM.:443/wpush/v2/gAAAAABk-Zx_Q9?#"],
  ])("folds %s", (_label, spelling) => {
    expect(canonicalEndpoint(spelling)).toBe(MOZILLA);
  });

  it("keeps the path and a non-empty query exactly, case and percent-escapes included", () => {
    expect(canonicalEndpoint("https://fcm.googleapis.com/fcm/send/AbC:dEf-GH")).toBe(
      "https://fcm.googleapis.com/fcm/send/AbC:dEf-GH",
    );
    expect(canonicalEndpoint("https://FCM.googleapis.com/fcm/send/AbC")).not.toBe(
      canonicalEndpoint("https://fcm.googleapis.com/fcm/send/abc"),
    );
    expect(canonicalEndpoint("https://DB5.notify.windows.com/w/?token=AbC%2bDeF")).toBe(
      "https://db5.notify.windows.com/w/?token=AbC%2bDeF",
    );
  });

  it("keeps a port that is not the default, and is idempotent", () => {
    expect(canonicalEndpoint("https://Push.Selfhosted.Example.:8443/p/X?")).toBe(
      "https://push.selfhosted.example:8443/p/X",
    );
    expect(canonicalEndpoint(canonicalEndpoint(`${MOZILLA.toUpperCase()}?`))).toBe(
      canonicalEndpoint(`${MOZILLA.toUpperCase()}?`),
    );
  });

  it("returns what does not parse as given (a lookup with it finds nothing)", () => {
    expect(canonicalEndpoint("not a url")).toBe("not a url");
  });

  it("is the spelling the endpoint policy hands back for storing", () => {
    const checked = checkEndpoint("HTTPS://Updates.Push.Services.Mozilla.com.:443/wpush/v2/gAAAAABk-Zx_Q9?", []);
    expect(checked).toMatchObject({ ok: true, endpoint: MOZILLA, host: "updates.push.services.mozilla.com" });
  });
});
