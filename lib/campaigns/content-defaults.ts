// Settings → notification defaults, applied where a campaign's content becomes what is sent: the
// save action (and the test send) fill what the admin left empty, then make every link absolute, so
// a stored campaign is self-contained and the sender never guesses the site's address. TTL and
// urgency are never "left empty" (the composer starts from the defaults), so only the links fall back.
import type { NotificationDefaults } from "@/lib/settings/notification-defaults";

type Links = { url?: string; icon?: string; image?: string; badge?: string };

export function withContentDefaults<T extends Links>(
  content: T,
  defaults: NotificationDefaults,
  siteOrigin: string,
): T {
  const absolute = (value: string | undefined) => (value ? new URL(value, siteOrigin).href : undefined);
  return {
    ...content,
    url: absolute(content.url || defaults.defaultUrl || "/"),
    icon: absolute(content.icon || defaults.icon),
    image: absolute(content.image),
    badge: absolute(content.badge || defaults.badge),
  };
}
