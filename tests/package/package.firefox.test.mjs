// The packed package in Firefox through WebDriver classic: package.test.mjs as it is, but for
// what needs Chromium (tests/package/webdriver-page.mjs).
process.env.WEBDRIVER_ENGINE = "firefox";
await import("./package.test.mjs");
