// Presence in Firefox through WebDriver classic: the suite written once for every engine
// Playwright cannot drive here (presence-webdriver.mjs).
process.env.WEBDRIVER_ENGINE = "firefox";
await import("./presence-webdriver.mjs");
