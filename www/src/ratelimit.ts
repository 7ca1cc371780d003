// The footer's discreet line about CometChat's rate limit: "API: 97/100 left, resets 12:03:10",
// from `CometChat.getRateLimit()` (the window the last answer with rate-limit headers described).
// Nothing is shown while it is null (no such answer yet, or a server that sends no headers).
import { CometChat, type RateLimit } from "cometchat-wasm";

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

/** The line for a window, as of `nowMs`: once it has ended, the next one starts full. */
export function rateLimitText(rl: RateLimit, nowMs = Date.now()): string {
  if (nowMs >= rl.resetAt) return `API: ${rl.limit}/${rl.limit} left (window reset at ${clock.format(rl.resetAt)})`;
  return `API: ${rl.remaining}/${rl.limit} left, resets ${clock.format(rl.resetAt)}`;
}

/**
 * Keeps `el` showing the rate limit: refreshed after every answer from the API (the browser's
 * resource timing says when one arrived) and each second (a window ends on its own).
 */
export function showRateLimit(el: HTMLElement): void {
  const render = () => {
    const rl = CometChat.getRateLimit();
    const text = rl ? rateLimitText(rl) : "";
    if (el.textContent !== text) el.textContent = text;
    el.hidden = rl === null;
  };
  render();
  setInterval(render, 1000);
  if (typeof PerformanceObserver === "function" && PerformanceObserver.supportedEntryTypes?.includes("resource")) {
    // The entry is queued when the answer ends; the package reads its headers as the answer
    // arrives, so the next task sees the new window.
    new PerformanceObserver((list) => {
      if (list.getEntries().some((e) => e.name.includes("/v3"))) setTimeout(render);
    }).observe({ type: "resource" });
  }
}
