// @ts-check
// Renders Pushboard's icons from one SVG with Chromium (the browser the tests use), so the committed
// PNGs are real rasterisations at each size. Run: node scripts/generate-icons.mjs
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { findChromium } from "../test/e2e/chromium-path.mjs";

const BRAND = "#4f46e5";
// A bell with a small clapper and a notification dot, drawn on a 100×100 grid.
/** @param {string} fill */
const bell = (fill) => `
  <path fill="${fill}" d="M50 16c-12.7 0-21 9.3-21 22.5v14c0 4.5-2.5 8.5-6.5 12L20 67v4h60v-4l-2.5-2.5C73.5 61 71 57 71 52.5v-14C71 25.3 62.7 16 50 16z"/>
  <path fill="${fill}" d="M42 75h16a8 8 0 0 1-16 0z"/>`;

/** @param {{ background?: string | null; radius?: number; scale: number; fill: string; dot?: boolean }} look */
const svg = ({ background, radius, scale, fill, dot }) => `
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100%" height="100%">
  ${background ? `<rect width="100" height="100" rx="${radius}" fill="${background}"/>` : ""}
  <g transform="translate(50 50) scale(${scale}) translate(-50 -48)">
    ${bell(fill)}
    ${dot ? `<circle cx="70" cy="26" r="9" fill="#f59e0b" stroke="${background ?? "none"}" stroke-width="3"/>` : ""}
  </g>
</svg>`;

const icons = [
  { file: "icon-192.png", size: 192, spec: { background: BRAND, radius: 22, scale: 0.9, fill: "#fff", dot: true } },
  { file: "icon-512.png", size: 512, spec: { background: BRAND, radius: 22, scale: 0.9, fill: "#fff", dot: true } },
  // Maskable: full-bleed background, artwork inside the 80% safe zone.
  { file: "maskable-512.png", size: 512, spec: { background: BRAND, radius: 0, scale: 0.62, fill: "#fff", dot: true } },
  { file: "maskable-192.png", size: 192, spec: { background: BRAND, radius: 0, scale: 0.62, fill: "#fff", dot: true } },
  {
    file: "apple-touch-icon.png",
    size: 180,
    spec: { background: BRAND, radius: 0, scale: 0.75, fill: "#fff", dot: true },
  },
  // Monochrome badge for the status bar: white on transparent, the system tints it.
  { file: "badge-96.png", size: 96, spec: { background: null, radius: 0, scale: 1.05, fill: "#fff", dot: false } },
  { file: "favicon-32.png", size: 32, spec: { background: BRAND, radius: 22, scale: 0.95, fill: "#fff", dot: false } },
];

const outDir = path.join(process.cwd(), "public/icons");
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath: findChromium(), args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
for (const icon of icons) {
  await page.setViewportSize({ width: icon.size, height: icon.size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg(icon.spec)}</body></html>`);
  await page.screenshot({ path: path.join(outDir, icon.file), omitBackground: true });
  console.log(`wrote public/icons/${icon.file} (${icon.size}×${icon.size})`);
}
await browser.close();
