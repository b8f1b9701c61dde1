// @ts-check
import { existsSync } from "node:fs";

/** Debian's Firefox ESR for the real-delivery test (FIREFOX_PATH overrides), or undefined when absent. */
export function findFirefox() {
  const candidates = [process.env.FIREFOX_PATH, "/usr/lib/firefox-esr/firefox-esr", "/usr/bin/firefox-esr"];
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  return undefined;
}
