import { describe, expect, it } from "vitest";
import { withContentDefaults } from "@/lib/campaigns/content-defaults";
import { FALLBACK_NOTIFICATION_DEFAULTS } from "@/lib/settings/notification-defaults";

const defaults = {
  ...FALLBACK_NOTIFICATION_DEFAULTS,
  icon: "/brand/icon.png",
  badge: "https://cdn.example/b.png",
  defaultUrl: "/news",
};
const origin = "https://shop.example";

describe("withContentDefaults", () => {
  it("fills the click URL, icon and badge the admin left empty, made absolute on the site", () => {
    expect(withContentDefaults({ title: "Hi", url: "", icon: undefined, badge: "" }, defaults, origin)).toEqual({
      title: "Hi",
      url: "https://shop.example/news",
      icon: "https://shop.example/brand/icon.png",
      image: undefined,
      badge: "https://cdn.example/b.png",
    });
  });

  it("keeps what the admin chose, and never invents an image", () => {
    const content = { url: "/sale", icon: "https://img.example/i.png", image: "/wide.png", badge: "/b2.png" };
    expect(withContentDefaults(content, defaults, origin)).toEqual({
      url: "https://shop.example/sale",
      icon: "https://img.example/i.png",
      image: "https://shop.example/wide.png",
      badge: "https://shop.example/b2.png",
    });
  });

  it("empty defaults leave the icon and badge out and send clicks to the home page", () => {
    const none = { ...defaults, icon: "", badge: "", defaultUrl: "" };
    expect(withContentDefaults({}, none, origin)).toEqual({
      url: "https://shop.example/",
      icon: undefined,
      image: undefined,
      badge: undefined,
    });
  });
});
