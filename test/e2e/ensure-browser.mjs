// @ts-check
// Makes sure the browsers the browser tests use are present. Chromium (every spec): CHROMIUM_PATH,
// Debian's build, one Playwright installed. Firefox ESR (the real-delivery spec, driven by
// puppeteer-core): FIREFOX_PATH or Debian's firefox-esr. A missing one is installed from Debian when we
// can (root + apt); otherwise we stop and print the one command that fixes it.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";
import { findChromium } from "./chromium-path.mjs";
import { findFirefox } from "./firefox-path.mjs";

const canApt = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
let aptUpdated = false;

/** @param {string} pkg */
function aptInstall(pkg) {
  console.log(`Installing Debian's ${pkg} package for the browser tests (apt-get install -y ${pkg})…`);
  try {
    if (!aptUpdated) execSync("apt-get update -qq", { stdio: "inherit" });
    aptUpdated = true;
    execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`, { stdio: "inherit" });
  } catch {
    // fall through to the message below
  }
}

let ok = true;

if (!findChromium()) {
  if (canApt) aptInstall("chromium");
  if (!findChromium()) {
    ok = false;
    console.error(
      "\nThe browser tests need Chromium and none was found.\n" +
        "Fix it with one of:\n" +
        "  sudo apt-get install -y chromium        (Debian/Ubuntu)\n" +
        "  npx playwright install chromium         (any machine with internet)\n" +
        "or point CHROMIUM_PATH at a Chromium binary.\n",
    );
  }
}

if (!findFirefox()) {
  if (canApt) aptInstall("firefox-esr");
  if (!findFirefox()) {
    ok = false;
    console.error(
      "\nThe real-delivery test (test/e2e/zz-firefox-delivery.spec.ts) needs Firefox ESR and none was found.\n" +
        "Fix it with:\n" +
        "  sudo apt-get install -y firefox-esr     (Debian/Ubuntu)\n" +
        "or point FIREFOX_PATH at a Firefox binary (puppeteer-core drives it over WebDriver BiDi).\n",
    );
  }
}

process.exit(ok ? 0 : 1);
