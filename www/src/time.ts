const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago" for a Unix time in seconds. */
export function relativeTime(unixSeconds: number, nowMs = Date.now()): string {
  const diff = unixSeconds - nowMs / 1000; // negative: in the past
  if (Math.abs(diff) < 45) return "just now";
  for (const [unit, secs] of UNITS) {
    if (Math.abs(diff) >= secs) return rtf.format(Math.round(diff / secs), unit);
  }
  return rtf.format(Math.round(diff / 60) || -1, "minute");
}

export function absoluteTime(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

/** Keeps every `<time data-unix>` in the page current. */
export function tickRelativeTimes(): void {
  setInterval(() => {
    for (const el of document.querySelectorAll<HTMLTimeElement>("time[data-unix]")) {
      el.textContent = relativeTime(Number(el.dataset.unix));
    }
  }, 30_000);
}
