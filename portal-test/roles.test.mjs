// Browser test of the signed-in portal, in real headless Chromium: each role signs in through the
// /sign-in page with the token its administrator issued, sees what the role may and is refused what
// it may not:
//   anonymous  opens /hospital: a 401 page whose link signs in and comes back;
//   acquirer   signs in by keyboard, finds the CT instance it notarized by its case reference, and by
//              modality and device, opens its record, signs out;
//   auditor    after a verifier read the original, sees that EXPORTED custody event on /audit, with
//              the ledger and store health;
//   insurer    checks files on /batch with the sign-in (no token pasted); /hospital is a 403 page;
//   verifier   /audit is a 403 page.
// The cookie is HttpOnly (scripts never see it) and no request leaves the service.
// Environment: BASE, CHROMIUM, SHOTS, TOKEN (acquirer), INSURER_TOKEN, VERIFIER_TOKEN, AUDITOR_TOKEN.
import { chromium } from "playwright-core";
import { randomBytes } from "node:crypto";
import assert from "node:assert/strict";
import { greyPng } from "./png.mjs";
import { dicomInstance } from "./dicom.mjs";

const { BASE, SHOTS, CHROMIUM, TOKEN, INSURER_TOKEN, VERIFIER_TOKEN, AUDITOR_TOKEN } = process.env;
assert.ok(BASE && SHOTS && CHROMIUM && TOKEN && INSURER_TOKEN && VERIFIER_TOKEN && AUDITOR_TOKEN,
  "run.sh sets BASE, SHOTS, CHROMIUM and a token for each role");
const log = (...a) => console.log("roles-test:", ...a);
const started = Date.now();

function png(seed) {
  const w = 40, h = 30, raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = (x * 7 + y * 11 + seed * 13) & 0xff;
  }
  return greyPng(w, h, raw);
}

async function notarize(bytes, name, caseReference, type = "image/png") {
  const form = new FormData();
  form.append("file", new Blob([bytes], { type }), name);
  form.append("metadata", new Blob([JSON.stringify({ caseReference })], { type: "application/json" }));
  const res = await fetch(BASE + "/api/v1/evidence", { method: "POST", body: form,
    headers: { Authorization: "Bearer " + TOKEN } });
  assert.ok(res.status === 201 || res.status === 202, "notarizing answered " + res.status);
  return (await res.json()).id;
}

const seed = randomBytes(2).readUInt16BE(0);
const caseReference = "CLAIM-" + seed + "-KNEE";
const file = dicomInstance(seed);
const fileName = "knee-" + seed + ".dcm";
const id = await notarize(file, fileName, caseReference, "application/dicom");
await notarize(png(seed + 1), "other-" + seed + ".png", "CLAIM-" + seed + "-OTHER");
log("the acquirer's client notarized a CT instance and a PNG with different case references");

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
  args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
const outside = [];
const errors = [];

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1,
    locale: "en-GB" });
  context.on("request", (r) => { if (!r.url().startsWith(BASE)) outside.push(r.url()); });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  // Refusals (the wrong token's 400, the 401 and 403 pages) are answered so on purpose; the console
  // reports each as a failed load.
  page.on("console", (m) => { if (m.type() === "error" && !/status of 40[013]/.test(m.text())) errors.push(m.text()); });
  return { context, page };
}

const shot = (page, name) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

async function signIn(page, token) {
  await page.getByLabel("Your token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForLoadState("load");
}

async function header(page) {
  return (await page.locator("header.site nav.account").innerText()).replace(/\s+/g, " ");
}

try {
  // Anonymous: /hospital is a 401 page with a sign-in link that comes back; the acquirer signs in by keyboard.
  {
    const { context, page } = await newPage();
    const refused = await page.goto(BASE + "/hospital?caseReference=" + encodeURIComponent(caseReference));
    assert.equal(refused.status(), 401);
    assert.match(refused.headers()["content-type"], /^text\/html/);
    assert.equal(await page.locator("h1").innerText(), "Please sign in");
    assert.match(await header(page), /Sign in/);
    await page.getByRole("link", { name: "Sign in", exact: true }).last().click();
    await page.waitForURL(/\/sign-in\?next=/);
    await shot(page, "roles-1-sign-in");
    log("anonymous: /hospital is a 401 page; its link opens /sign-in and remembers the page");

    // A wrong token first: refused, said in words, nothing set.
    await signIn(page, "eyJ-not-a-token");
    assert.match(await page.locator("#sign-in-error").innerText(), /not accepted here/);
    assert.equal((await context.cookies()).length, 0);

    // Then by keyboard: focus the box, paste, Tab to the button, Enter.
    await page.getByLabel("Your token").focus();
    await page.keyboard.insertText(TOKEN);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Sign in");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/hospital\?caseReference=/);
    const cookies = await context.cookies();
    assert.equal(cookies.length, 1);
    assert.equal(cookies[0].name, "notary_session");
    assert.equal(cookies[0].httpOnly, true);
    assert.equal(cookies[0].sameSite, "Strict");
    assert.equal(await page.evaluate(() => document.cookie), "", "scripts cannot read the sign-in");
    assert.match(await header(page), /Signed in as Portal test \(role: acquirer\)/);
    const rows = page.locator("table#notarizations tbody tr");
    assert.equal(await rows.count(), 1, "the search by case reference finds exactly the one file");
    const row = await rows.first().innerText();
    assert.match(row, new RegExp("knee-" + seed + "\\.dcm"));
    assert.match(row, /ANCHORED|PENDING/);
    assert.match(row, /CT ROOM 3 \(Example Medical Scanner 64\)/);
    assert.doesNotMatch(await page.content(), /PHANTOM/, "no patient attribute on the page");
    assert.equal(await page.getByLabel("Case reference").inputValue(), caseReference);
    await shot(page, "roles-2-hospital-search");
    log("acquirer: signed in by keyboard; the search by case reference lists the file it notarized");

    await page.getByLabel("Case reference").fill("");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForLoadState("load");
    assert.ok(await rows.count() >= 2, "without a filter both notarizations are listed");
    await page.getByLabel("Modality").fill("CT");
    await page.getByLabel("Device or signer").fill("SN-0042");
    await page.getByLabel("Device or signer").press("Enter");
    await page.waitForURL(/modality=CT/);
    assert.equal(await rows.count(), 1, "by modality and device serial number: the CT instance only");
    await page.getByRole("link", { name: fileName }).click();
    await page.waitForURL(new RegExp("/hospital/" + id));
    assert.match(await page.locator("main").innerText(), new RegExp(caseReference));
    assert.equal(await page.getByRole("link", { name: "Certificate (PDF)" }).count(), 1);
    await shot(page, "roles-3-hospital-record");
    log("acquirer: the record page shows the digests and the certificate link");

    const audit = await page.goto(BASE + "/audit");
    assert.equal(audit.status(), 403);
    assert.equal(await page.locator("h1").innerText(), "This page is not for your role");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in\?signed-out/);
    assert.equal((await context.cookies()).length, 0, "signing out drops the cookie");
    assert.match(await header(page), /Sign in/);
    assert.equal((await page.goto(BASE + "/hospital")).status(), 401, "signed out, /hospital asks to sign in again");
    log("acquirer: /audit is a 403 page; sign-out drops the cookie");
    await context.close();
  }

  // A verifier reads the original (a custody event); the auditor sees it on /audit.
  {
    const res = await fetch(BASE + "/api/v1/evidence/" + id + "/original?purpose=roles%20test",
      { headers: { Authorization: "Bearer " + VERIFIER_TOKEN } });
    assert.equal(res.status, 200, "the verifier reads the original");
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), file);
    const { context, page } = await newPage();
    await page.goto(BASE + "/sign-in");
    await signIn(page, AUDITOR_TOKEN);
    await page.waitForURL(/\/audit$/);
    assert.match(await header(page), /Signed in as Audit office, portal test \(role: auditor\)/);
    const events = page.locator("table#custody-events tbody tr");
    const first = await events.first().innerText();
    assert.match(first, /EXPORTED/);
    assert.match(first, new RegExp(id));
    assert.match(first, /Court clerk, portal test/);
    assert.match(first, /intact/);
    const health = await page.locator("ul.health").innerText();
    assert.match(health, /Ledger \(embedded\):\s*works/);
    assert.match(health, /Object store \(filesystem\):\s*works/);
    assert.match(await page.locator("#backlog").innerText(), /Nothing waits to be anchored|not yet anchored/);
    await shot(page, "roles-4-audit");
    log("auditor: /audit shows the EXPORTED custody event, the backlog and the health");
    assert.equal((await page.goto(BASE + "/hospital")).status(), 403);
    await context.close();
  }

  // The insurer checks files on /batch with the sign-in; /hospital is a 403 page.
  {
    const { context, page } = await newPage();
    await page.goto(BASE + "/sign-in?next=%2Fbatch");
    await signIn(page, INSURER_TOKEN);
    await page.waitForURL(/\/batch$/);
    assert.equal(await page.getByLabel("Your sign-in token").count(), 0, "signed in, the page asks for no token");
    assert.match(await page.locator("#signed-in-note").innerText(), /Claims desk, portal test/);
    const changed = Buffer.from(file);
    changed[changed.length - 20] ^= 0x01;
    await page.setInputFiles("#files", [
      { name: "claim-knee.dcm", mimeType: "application/dicom", buffer: file },
      { name: "claim-knee-edited.dcm", mimeType: "application/dicom", buffer: changed }]);
    await page.getByRole("button", { name: "Check the files" }).click();
    await page.locator("#result table.batch").waitFor({ timeout: 60000 });
    const totals = await page.locator("ul.totals").innerText();
    assert.match(totals, /2\s+files checked/, totals);
    assert.match(totals, /1\s+Authentic \(AUTHENTIC\)/, totals);
    await shot(page, "roles-5-batch-signed-in");
    log("insurer: the batch check works with the sign-in, no token pasted");

    const refused = await page.goto(BASE + "/hospital");
    assert.equal(refused.status(), 403);
    assert.match(refused.headers()["content-type"], /^text\/html/);
    assert.equal(await page.locator("h1").innerText(), "This page is not for your role");
    assert.match(await page.locator("main").innerText(), /Claims desk, portal test with the role insurer/);
    await shot(page, "roles-6-refused");
    log("insurer: /hospital is a plain 403 page");
    await context.close();
  }

  // The verifier: signed in on the public page; /audit is a 403 page.
  {
    const { context, page } = await newPage();
    await page.goto(BASE + "/sign-in");
    await signIn(page, VERIFIER_TOKEN);
    await page.waitForURL(BASE + "/");
    assert.match(await header(page), /Signed in as Court clerk, portal test \(role: verifier\)/);
    assert.equal((await page.goto(BASE + "/audit")).status(), 403);
    log("verifier: signed in on the verification page; /audit is a 403 page");
    await context.close();
  }

  assert.deepEqual(errors, [], "errors in the pages: " + errors.join(" | "));
  assert.deepEqual(outside, [], "requests left the service: " + outside.join(", "));
} finally {
  await browser.close();
}
log(`passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SHOTS}`);
