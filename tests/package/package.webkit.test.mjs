// The packed package in WebKitGTK (Safari's engine) through WebDriver classic: package.test.mjs as it is, but for
// what needs Chromium (tests/package/webdriver-page.mjs).
process.env.WEBDRIVER_ENGINE = "webkit";
await import("./package.test.mjs");
