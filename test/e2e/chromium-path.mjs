// @ts-check
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

/** The Chromium binary the browser tests use, or undefined when none is present. */
export function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // Playwright has no browser of its own here
  }
  return undefined;
}
