// What the benchmark (run.mjs) and its start-up diagnosis (start-timeline.mjs) share: one
// Chromium with the same flags, and the median they report.
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--ignore-certificate-errors", // the emulator's self-signed certificate (the official SDK only speaks https)
  "--enable-precise-memory-info", "--js-flags=--expose-gc",
];

export const launchChromium = () => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
