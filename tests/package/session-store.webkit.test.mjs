// The session store in WebKitGTK (Safari's engine) through WebDriver classic: the suite written once for every engine
// Playwright cannot drive here (scripts/lib/webdriver.mjs).
process.env.WEBDRIVER_ENGINE = "webkit";
await import("./session-store-webdriver.mjs");
