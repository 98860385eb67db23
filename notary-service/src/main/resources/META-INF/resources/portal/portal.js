// The public portal's one script: drag and drop onto the file boxes, and the check itself, which
// calls the verify API (POST /api/v1/verify) and shows its answer in plain words. No library.
"use strict";

(function () {
  const form = document.getElementById("verify-form");
  if (!form) return;
  const resultSection = document.getElementById("result");
  const resultBody = document.getElementById("result-body");
  const level = Number(resultSection.dataset.headingLevel || 3);
  const evidenceId = form.dataset.evidenceId || null;
  const RESULT_WORDS = { PASSED: "Passed", FAILED: "Failed", NOT_CHECKED: "Not checked" };
  const RESULT_CLASS = { PASSED: "passed", FAILED: "failed", NOT_CHECKED: "not-checked" };

  // Each box takes a file dropped onto it, as if it had been chosen.
  for (const box of form.querySelectorAll("[data-drop-for]")) {
    const input = document.getElementById(box.dataset.dropFor);
    box.addEventListener("dragover", (e) => { e.preventDefault(); box.classList.add("dragging"); });
    box.addEventListener("dragleave", () => box.classList.remove("dragging"));
    box.addEventListener("drop", (e) => {
      e.preventDefault();
      box.classList.remove("dragging");
      if (!e.dataTransfer || e.dataTransfer.files.length === 0) return;
      const one = new DataTransfer();
      one.items.add(e.dataTransfer.files[0]);
      input.files = one.files;
    });
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = form.elements.file.files[0];
    if (!file) { form.elements.file.focus(); return; }
    const proofInput = form.elements.proof;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    show([el("p", {}, "Checking " + file.name + " (" + bytes(file.size) + ")…")], false);
    try {
      const body = new FormData();
      body.append("file", file, file.name);
      // The evidence page checks against this evidence on the server (its proof stays there);
      // the verification page sends the proof the person gave, if any.
      const proof = !evidenceId && proofInput && proofInput.files[0] ? await proofFrom(proofInput.files[0]) : null;
      if (proof) body.append("proof", proof, "proof.json");
      const target = evidenceId ? "/portal/evidence/" + encodeURIComponent(evidenceId) + "/check" : "/api/v1/verify";
      const res = await fetch(target, { method: "POST", body, headers: { Accept: "application/json" } });
      const answer = await res.json().catch(() => null);
      if (!res.ok || !answer || !answer.verdict) {
        throw new Problem(answer && answer.detail ? "The notary could not check the file: " + answer.detail + "."
          : "The notary could not check the file (HTTP " + res.status + ").");
      }
      // The evidence page lists its chain of custody itself; here it follows the result it belongs to,
      // fetched first so that the result appears (and is announced) whole.
      const custody = !evidenceId && answer.evidenceId ? await custodyOf(answer.evidenceId) : [];
      show([...report(answer, file), ...custody]);
    } catch (err) {
      show([el("div", { class: "error", role: "alert" }, err instanceof Problem ? err.message
        : "The check could not be made: the notary service did not answer. Try again in a moment.")]);
    } finally {
      button.disabled = false;
    }
  });

  class Problem extends Error {}

  // A proof bundle goes as it is; a certificate PDF gives up the proof bundle attached to it.
  async function proofFrom(given) {
    const head = new Uint8Array(await given.slice(0, 5).arrayBuffer());
    if (String.fromCharCode(...head) !== "%PDF-") return given;
    const res = await fetch("/portal/certificate-proof", {
      method: "POST", body: given, headers: { "Content-Type": "application/pdf" } });
    if (!res.ok) {
      throw new Problem("The PDF \u201c" + given.name + "\u201d is not a certificate of this notary: it carries no"
        + " proof bundle. Leave the second box empty, or give the certificate that came with the file.");
    }
    return res.blob();
  }

  function report(r, file) {
    const known = document.querySelector('[data-verdict="' + r.verdict + '"]');
    const tone = known ? known.dataset.tone : "unknown";
    const headline = known ? known.dataset.headline : r.verdict;
    const meaning = known ? known.querySelector("dd").textContent : "";
    const parts = [el("div", { class: "verdict tone-" + tone, role: "status" },
      el("p", { class: "headline" }, el("span", { class: "icon", "aria-hidden": "true" }), " " + headline + " ",
        el("span", { class: "code" }, "(" + r.verdict + ")")),
      el("p", { class: "meaning" }, meaning),
      el("p", { class: "summary" }, el("strong", {}, "In detail: "), r.summary || ""))];
    const facts = el("dl", { class: "facts" },
      fact("File checked", file.name),
      fact("Its fingerprint (SHA-256)", el("code", { class: "digest" }, r.exhibitSha256)),
      fact("Its size", bytes(r.exhibitSize)));
    if (r.evidenceId) {
      facts.append(fact("Notarized evidence", el("a", { href: "/evidence/" + encodeURIComponent(r.evidenceId) },
        "Evidence " + r.evidenceId)));
    }
    parts.push(facts);
    if (r.headerChanges && r.headerChanges.length) {
      parts.push(el("h" + level, {}, "What changed in the DICOM header"));
      const rows = r.headerChanges.map((c) => el("tr", {}, el("td", {}, c.tag + (c.name ? " " + c.name : "")),
        el("td", {}, c.change || ""), el("td", {}, c.originalValue || ""), el("td", {}, c.exhibitValue || "")));
      parts.push(el("table", { class: "changes" }, el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Attribute"), el("th", { scope: "col" }, "Change"),
        el("th", { scope: "col" }, "Notarized"), el("th", { scope: "col" }, "This file"))), el("tbody", {}, ...rows)));
    }
    parts.push(el("h" + level, {}, "What was checked"));
    parts.push(el("ul", { class: "checks" }, ...(r.checks || []).map((c) => el("li", {},
      el("span", { class: "check-result " + (RESULT_CLASS[c.result] || "") },
        el("span", { class: "icon " + (RESULT_CLASS[c.result] || ""), "aria-hidden": "true" }),
        " " + (RESULT_WORDS[c.result] || c.result) + ":"),
      " ", el("span", { class: "check-name" }, c.name),
      c.detail ? el("p", { class: "detail" }, c.detail) : ""))));
    return parts;
  }

  // The public form of the evidence's chain of custody (GET /portal/evidence/{id}/custody): what was
  // released, in which role, when, and where on the ledger; never who.
  async function custodyOf(id) {
    const title = el("h" + level, { id: "custody-title" }, "Chain of custody");
    const intro = el("p", {}, "Every release of evidence " + id + " (its original, a signed copy, a certificate,"
      + " a proof) is recorded on the ledger before anything is sent. Who it was is not shown here.");
    let c = null;
    try {
      const res = await fetch("/portal/evidence/" + encodeURIComponent(id) + "/custody",
        { headers: { Accept: "application/json" } });
      c = res.ok ? await res.json() : null;
    } catch (err) {
      c = null;
    }
    if (!c || !c.available) {
      return [title, el("p", {}, "The chain of custody cannot be read right now; see the evidence's page later.")];
    }
    if (!c.events.length) return [title, intro, el("p", {}, "Nothing of this evidence has been released yet.")];
    const rows = c.events.map((e) => el("tr", {}, el("th", { scope: "row" }, String(e.number)),
      el("td", {}, e.actionText), el("td", {}, e.roleText),
      el("td", {}, el("time", { datetime: e.recordedAt }, e.recordedAtInWords)),
      el("td", { class: "ledger-ref" }, "block " + e.blockNumber + ", recorded by " + e.recordedBy + ", transaction ",
        el("code", { class: "digest" }, e.transactionId))));
    const table = el("table", { class: "custody", id: "custody" },
      el("caption", {}, "Releases of evidence " + id + ", oldest first"),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "No."), el("th", { scope: "col" }, "What was released"),
        el("th", { scope: "col" }, "In the role"), el("th", { scope: "col" }, "When (UTC)"),
        el("th", { scope: "col" }, "Ledger record"))),
      el("tbody", {}, ...rows));
    const out = [title, intro, el("div", { class: "table-wrap" }, table)];
    if (!c.complete) out.push(el("p", {}, "The ledger answers at most 100 events at a time; there may be more."));
    return out;
  }

  function show(nodes, focus = true) {
    resultBody.replaceChildren(...nodes);
    resultSection.hidden = false;
    if (focus) resultSection.focus();
  }

  function fact(term, value) {
    return el("div", {}, el("dt", {}, term), el("dd", {}, value));
  }

  function bytes(n) {
    const words = n.toLocaleString("en") + (n === 1 ? " byte" : " bytes");
    if (n < 1024) return words;
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let v = n, u = -1;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return words + " (" + v.toFixed(1) + " " + units[u] + ")";
  }

  // A tiny element builder: text goes in as text, never as HTML.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  }
})();
