// Makes sure a Chromium is present for the browser tests. Order: CHROMIUM_PATH, Debian's build,
// one Playwright installed. If none, install Debian's `chromium` when we can (root + apt), else stop
// and print the one command that fixes it.
import { existsSync } from "node:fs";
import { execSync } from "node:child_process";
import { findChromium } from "./chromium-path.mjs";

if (findChromium()) process.exit(0);

const canApt = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
if (canApt) {
  console.log("No Chromium found: installing Debian's chromium package (apt-get install -y chromium)…");
  try {
    execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
  } catch {
    // fall through to the message below
  }
  if (findChromium()) process.exit(0);
}
console.error(
  "\nThe browser tests need Chromium and none was found.\n" +
    "Fix it with one of:\n" +
    "  sudo apt-get install -y chromium        (Debian/Ubuntu)\n" +
    "  npx playwright install chromium         (any machine with internet)\n" +
    "or point CHROMIUM_PATH at a Chromium binary.\n",
);
process.exit(1);
