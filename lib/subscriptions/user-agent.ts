// A small user-agent reader for the subscriber list and segments: browser family and platform only.
// Order matters: Edge, Opera and Samsung carry "Chrome/", Chrome carries "Safari/".

export const BROWSERS = ["chrome", "edge", "firefox", "safari", "opera", "samsung", "unknown"] as const;
export const PLATFORMS = ["android", "ios", "macos", "windows", "chromeos", "linux", "unknown"] as const;
export type Browser = (typeof BROWSERS)[number];
export type Platform = (typeof PLATFORMS)[number];

const BROWSER_RULES: readonly (readonly [RegExp, Browser])[] = [
  [/\bEdg(e|A|iOS)?\//, "edge"],
  [/\bOPR\/|\bOpera\b/, "opera"],
  [/\bSamsungBrowser\//, "samsung"],
  [/\bFirefox\/|\bFxiOS\//, "firefox"],
  [/\bChrome\/|\bCriOS\/|\bChromium\//, "chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "safari"],
];

const PLATFORM_RULES: readonly (readonly [RegExp, Platform])[] = [
  [/\bAndroid\b/, "android"],
  [/\b(iPhone|iPad|iPod)\b/, "ios"],
  [/\bCrOS\b/, "chromeos"],
  [/\bWindows\b/, "windows"],
  [/\bMacintosh\b|\bMac OS X\b/, "macos"],
  [/\bLinux\b|\bX11\b/, "linux"],
];

export function parseUserAgent(userAgent: string | null | undefined): { browser: Browser; platform: Platform } {
  const ua = (userAgent ?? "").slice(0, 512);
  const platform = PLATFORM_RULES.find(([pattern]) => pattern.test(ua))?.[1] ?? "unknown";
  // A home-screen web app on iOS sends WebKit's UA without "Version/… Safari/": it is still Safari.
  const appleWebKit = (platform === "ios" || platform === "macos") && /\bAppleWebKit\//.test(ua) ? "safari" : "unknown";
  const browser = BROWSER_RULES.find(([pattern]) => pattern.test(ua))?.[1] ?? appleWebKit;
  return { browser, platform };
}
