// Presence in WebKitGTK (Safari's engine) through WebDriver classic: the suite written once for every engine
// Playwright cannot drive here (presence-webdriver.mjs).
process.env.WEBDRIVER_ENGINE = "webkit";
await import("./presence-webdriver.mjs");
