// The session store in Firefox through WebDriver classic: the suite written once for every engine
// Playwright cannot drive here (scripts/lib/webdriver.mjs).
process.env.WEBDRIVER_ENGINE = "firefox";
await import("./session-store-webdriver.mjs");
