// Browser test of the batch check page (/batch), in real headless Chromium: an insurer pastes their
// token and checks 50 files at once (40 chosen files and a zip of 10): 15 notarized PNGs, 10 copies
// with one changed bit, 25 never notarized. Checks the totals, the table (50 rows, verdicts in
// words), that the CSV download has a header and 50 rows, and a wrong token's answer.
// Environment: BASE, CHROMIUM, SHOTS, TOKEN (acquirer, to notarize), INSURER_TOKEN (for the page).
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { crc32, greyPng } from "./png.mjs";
import { randomBytes } from "node:crypto";
import assert from "node:assert/strict";

const { BASE, SHOTS, CHROMIUM, TOKEN, INSURER_TOKEN } = process.env;
assert.ok(BASE && SHOTS && CHROMIUM && TOKEN && INSURER_TOKEN, "run.sh sets BASE, SHOTS, CHROMIUM and both tokens");
const log = (...a) => console.log("batch-test:", ...a);
const started = Date.now();

// A small PNG whose picture depends on seed (so each is different).
function png(seed) {
  const w = 48, h = 32, raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (x * 5 + y * 3 + seed * 37) & 0xff;
  }
  return greyPng(w, h, raw);
}

// A zip of stored (uncompressed) entries, written by hand so the test needs no library.
function zip(entries) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = Buffer.from(name, "utf8"), crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8); central.writeUInt32LE(crc, 16); central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24); central.writeUInt16LE(n.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const dir = Buffer.concat(centrals), end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

async function notarize(bytes, name) {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "image/png" }), name);
  const res = await fetch(BASE + "/api/v1/evidence", { method: "POST", body: form,
    headers: { Authorization: "Bearer " + TOKEN } });
  assert.ok(res.status === 201 || res.status === 200, "notarizing answered " + res.status);
}

const base = Number(BigInt("0x" + randomBytes(2).toString("hex")));
const loose = [], inZip = [];
for (let i = 0; i < 15; i++) {
  const bytes = png(base + i);
  await notarize(bytes, "claim-" + i + ".png");
  (i < 10 ? loose : inZip).push({ name: "claim-" + i + ".png", mimeType: "image/png", buffer: bytes });
  if (i < 10) {
    const copy = Buffer.from(bytes);
    copy[copy.length - 20] ^= 0x01;
    loose.push({ name: "claim-" + i + "-edited.png", mimeType: "image/png", buffer: copy });
  }
}
for (let i = 0; i < 20; i++) loose.push({ name: "other-" + i + ".bin", mimeType: "application/octet-stream", buffer: randomBytes(300 + i) });
for (let i = 0; i < 5; i++) inZip.push({ name: "scans/unknown-" + i + ".bin", buffer: randomBytes(200 + i) });
const claimZip = { name: "claim-4711.zip", mimeType: "application/zip", buffer: zip(inZip.map((f) => [f.name, f.buffer])) };
assert.equal(loose.length + inZip.length, 50);
log("notarized 15 PNGs; 40 files and a zip of 10 to check");

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1,
    locale: "en-GB", acceptDownloads: true });
  const outside = [];
  context.on("request", (r) => { if (!r.url().startsWith(BASE)) outside.push(r.url()); });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error" && !/401/.test(m.text())) errors.push(m.text()); });

  await page.goto(BASE + "/batch", { waitUntil: "load" });
  assert.equal(await page.locator("h1").count(), 1);
  assert.equal(await page.getByLabel("Your sign-in token").count(), 1, "the token field has its label");
  assert.equal(await page.getByLabel("The files to check").count(), 1, "the file input has its label");
  assert.equal(await page.getByLabel("Or a whole folder").count(), 1, "the folder input has its label");
  assert.equal(await page.evaluate(() => document.cookie), "", "no cookie");

  // A wrong token: the page says so, and the token field gets the focus back.
  await page.getByLabel("Your sign-in token").fill("not-a-token");
  await page.setInputFiles("#files", [...loose, claimZip]);
  assert.match(await page.locator("#chosen").innerText(), /41 files, of which 1 zip/);
  await page.getByRole("button", { name: "Check the files" }).click();
  await page.locator("#result .error").waitFor({ timeout: 20000 });
  assert.match(await page.locator("#result").innerText(), /did not accept the token/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "token");
  log("a wrong token: refused, said in words");

  // The insurer's token, by keyboard: the check runs, the result gets the focus.
  await page.getByLabel("Your sign-in token").fill(INSURER_TOKEN);
  await page.getByLabel("Your sign-in token").press("Enter");
  await page.locator("#result table.batch").waitFor({ timeout: 60000 });
  assert.equal(await page.evaluate(() => document.activeElement.id), "result", "focus moves to the result");
  const totals = await page.locator("ul.totals").innerText();
  assert.match(totals, /50\s+files checked/, totals);
  assert.match(totals, /15\s+Authentic \(AUTHENTIC\)/, totals);
  assert.match(totals, /35\s+Not notarized \(UNKNOWN\)/, totals);
  const rows = page.locator("table.batch tbody tr");
  assert.equal(await rows.count(), 50);
  assert.match(await rows.nth(0).innerText(), /claim-0\.png\s+Authentic \(AUTHENTIC\)/);
  assert.match(await rows.nth(1).innerText(), /claim-0-edited\.png\s+Not notarized \(UNKNOWN\)/);
  assert.match(await rows.nth(40).innerText(), /claim-4711\.zip\/claim-10\.png\s+Authentic/);
  assert.match(await rows.nth(49).innerText(), /claim-4711\.zip\/scans\/unknown-4\.bin\s+Not notarized/);
  await page.setViewportSize({ width: 1100, height: 1500 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/7-batch-results.png` });
  log("50 files checked: the totals and 50 rows in words");

  const [csvDownload] = await Promise.all([page.waitForEvent("download"),
    page.getByRole("button", { name: "Download CSV" }).click()]);
  assert.equal(csvDownload.suggestedFilename(), "verification.csv");
  const csv = readFileSync(await csvDownload.path(), "utf8").split("\r\n").filter((l) => l !== "");
  assert.equal(csv[0], "file,size,sha256,verdict,summary,evidence_id,error");
  assert.equal(csv.length, 51, "a header and 50 rows");
  assert.equal(csv.filter((l) => l.includes(",AUTHENTIC,")).length, 15);
  const [jsonDownload] = await Promise.all([page.waitForEvent("download"),
    page.getByRole("button", { name: "Download JSON" }).click()]);
  const json = JSON.parse(readFileSync(await jsonDownload.path(), "utf8"));
  assert.equal(json.results.length, 50);
  assert.equal(json.totals.AUTHENTIC, 15);
  log("the CSV download has a header and 50 rows; the JSON has 50 results");

  assert.equal(await page.evaluate(() => document.cookie), "", "still no cookie");
  assert.equal(await page.evaluate(() => sessionStorage.length + localStorage.length), 0, "nothing stored");
  assert.deepEqual(errors, [], "errors in the page: " + errors.join(" | "));
  assert.deepEqual(outside, [], "requests left the service: " + outside.join(", "));
} finally {
  await browser.close();
}
log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SHOTS}`);
