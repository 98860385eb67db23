// Browser test of the public verification portal, in real headless Chromium (Debian's chromium,
// driven by playwright-core). The service runs already (run.sh starts it); this notarizes a PNG
// through the API, then, as a person would in the browser: checks the genuine file (AUTHENTIC),
// the same file with its certificate PDF (AUTHENTIC, with its chain of custody), a copy with one
// changed byte (not notarized), the same copy with the certificate PDF (MODIFIED),
// opens the evidence page (the digest, none of the declared metadata), checks the copy there too,
// and opens an unknown evidence number (the 404 page). A screenshot of each step goes to SHOTS.
// Environment: BASE (http://127.0.0.1:PORT), CHROMIUM (the browser), SHOTS (screenshot folder).
import { chromium } from "playwright-core";
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { greyPng } from "./png.mjs";
import assert from "node:assert/strict";

const BASE = process.env.BASE;
const SHOTS = process.env.SHOTS;
const CHROMIUM = process.env.CHROMIUM;
// The API calls that set the test up (notarize, fetch the certificate) sign in as an acquirer;
// the browser, like a visitor, does not.
const SIGNED_IN = { Authorization: "Bearer " + process.env.TOKEN };
assert.ok(BASE && SHOTS && CHROMIUM, "BASE, SHOTS and CHROMIUM must be set (run.sh sets them)");
mkdirSync(SHOTS, { recursive: true });

// Declared with the upload: none of it may appear on a public page.
const METADATA = { caseReference: "CV-2026-0042", description: "chest PA, Jane Roe, born 1970-01-01",
  submitter: "Dr. A. Radiologist", fileName: "jane-roe-chest.png" };

const log = (...a) => console.log("portal-test:", ...a);
const started = Date.now();

// A real PNG (160x120 greyscale, a soft gradient with a cross), made here so the test needs no file.
function png() {
  const w = 160, h = 120, raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const cross = Math.abs(x - w / 2) < 3 || Math.abs(y - h / 2) < 3;
      raw[y * (w + 1) + 1 + x] = cross ? 240 : Math.round(40 + 120 * (x / w) * (1 - y / (2 * h)));
    }
  }
  return greyPng(w, h, raw);
}
async function notarize(bytes) {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "image/png" }), METADATA.fileName);
  form.append("metadata", JSON.stringify(METADATA));
  const res = await fetch(BASE + "/api/v1/evidence", { method: "POST", body: form, headers: SIGNED_IN });
  const body = await res.text();
  assert.equal(res.status, 201, "notarizing through the API answered " + res.status + ": " + body);
  return JSON.parse(body);
}

async function get(path) {
  const res = await fetch(BASE + path, { headers: SIGNED_IN });
  assert.equal(res.status, 200, path + " answered " + res.status);
  return Buffer.from(await res.arrayBuffer());
}

const original = png();
const record = await notarize(original);
const digest = createHash("sha256").update(original).digest("hex");
assert.equal(record.sha256, digest);
const changed = Buffer.from(original);
changed[changed.length - 20] ^= 0x01; // one bit of the IEND chunk's CRC
const certificate = await get("/api/v1/evidence/" + record.id + "/certificate.pdf");
log("notarized", record.id, "and fetched its certificate (" + certificate.length + " bytes)");

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1,
    locale: "en-GB", offline: false });
  // Nothing may come from elsewhere: every request stays on the service.
  const outside = [];
  context.on("request", (r) => { if (!r.url().startsWith(BASE)) outside.push(r.url()); });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });

  const file = (name, buffer, mimeType) => ({ name, mimeType, buffer });
  async function check(exhibit, proof) {
    await page.setInputFiles("#file", exhibit);
    if (proof) await page.setInputFiles("#proof", proof);
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.locator("#result .verdict, #result .error").first().waitFor({ timeout: 20000 });
    return page.locator("#result").innerText();
  }
  const shot = async (name) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

  // 1. The verification page: lang, one h1, labelled inputs; the genuine file is AUTHENTIC.
  await page.goto(BASE + "/", { waitUntil: "load" });
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.locator("h1").count(), 1);
  assert.equal(await page.getByLabel("The file to check").count(), 1, "the file input has its label");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to the content",
    "the first Tab reaches the skip link");
  let text = await check(file("exhibit.png", original, "image/png"));
  assert.match(text, /Authentic \(AUTHENTIC\)/, "genuine file: " + text);
  assert.match(text, /bit for bit/);
  assert.match(text, new RegExp(digest));
  assert.match(text, /Passed: Ledger anchor/);
  assert.doesNotMatch(text, /Failed:/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "result", "focus moves to the result");
  await shot("1-verify-authentic");
  log("1. the genuine file: AUTHENTIC");

  // 1b. What a court clerk does: the exhibit with its certificate PDF. AUTHENTIC against the proof
  // the certificate carries, with the chain of custody (the certificate's own issue is on it).
  await page.goto(BASE + "/");
  text = await check(file("exhibit.png", original, "image/png"),
    file("certificate.pdf", certificate, "application/pdf"));
  assert.match(text, /Authentic \(AUTHENTIC\)/, "genuine file with its certificate: " + text);
  assert.match(text, /Passed: Exhibit matches the proof/, "checked against the certificate's proof: " + text);
  assert.match(text, /Chain of custody/, "the result shows the chain of custody: " + text);
  assert.match(text, /Certificate\s+issued/, "the certificate's issue is a custody event: " + text);
  await shot("1b-verify-authentic-with-certificate");
  log("1b. the genuine file with its certificate PDF: AUTHENTIC, with its chain of custody");

  // 2. A copy with one changed bit, alone: never notarized.
  await page.goto(BASE + "/");
  text = await check(file("exhibit-copy.png", changed, "image/png"));
  assert.match(text, /Not notarized \(UNKNOWN\)/, "changed copy: " + text);
  await shot("2-verify-changed-copy-unknown");
  log("2. a changed copy: UNKNOWN");

  // 3. The same copy with the certificate PDF: MODIFIED.
  await page.goto(BASE + "/");
  text = await check(file("exhibit-copy.png", changed, "image/png"),
    file("certificate.pdf", certificate, "application/pdf"));
  assert.match(text, /Modified \(MODIFIED\)/, "changed copy with the certificate: " + text);
  assert.match(text, /Failed: Exhibit matches the proof/);
  await shot("3-verify-changed-copy-with-certificate-modified");
  log("3. a changed copy with its certificate PDF: MODIFIED");

  // 4. The evidence page, reached from the genuine file's result.
  await page.goto(BASE + "/");
  await check(file("exhibit.png", original, "image/png"));
  await page.getByRole("link", { name: "Evidence " + record.id }).click();
  await page.waitForURL(BASE + "/evidence/" + record.id);
  text = await page.locator("main").innerText();
  assert.match(text, new RegExp(digest), "the evidence page shows the digest");
  assert.match(text, /Status: anchored/);
  assert.match(text, /Block/);
  const html = await page.content();
  for (const value of Object.values(METADATA)) {
    assert.ok(!html.includes(value), "the evidence page must not show the declared '" + value + "'");
  }
  assert.match(text, /certificate of this evidence .* is issued to the hospital, to courts and to insurers/s,
    "the evidence page says who gets the certificate");
  await shot("4-evidence-page");
  // ... and its own check box: the copy against this evidence is MODIFIED.
  text = await check(file("exhibit-copy.png", changed, "image/png"));
  assert.match(text, /Modified \(MODIFIED\)/, "changed copy on the evidence page: " + text);
  await shot("5-evidence-page-check-modified");
  log("4. the evidence page: digest shown, no declared metadata; its check box says MODIFIED for the copy");

  assert.deepEqual(errors, [], "errors in the page: " + errors.join(" | "));

  // 5. An unknown evidence number: the friendly 404 page (the browser logs the 404 itself).
  const res = await page.goto(BASE + "/evidence/00000000-0000-4000-8000-000000000000");
  assert.equal(res.status(), 404);
  assert.match(await page.locator("h1").innerText(), /No evidence with this number/);
  await shot("6-unknown-evidence-404");
  log("5. an unknown evidence number: the 404 page");

  assert.deepEqual(outside, [], "requests left the service: " + outside.join(", "));
} finally {
  await browser.close();
}
log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SHOTS}`);
