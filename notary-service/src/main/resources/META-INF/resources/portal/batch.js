// The batch check page's script: sends many files (chosen, a folder, or zips) with the person's
// token to POST /api/v1/verify/batch, shows the upload's progress, then the answer as a table with
// totals and CSV and JSON downloads built from it. Signed in through /sign-in, the browser's sign-in
// cookie goes with the request and the page asks for no token; otherwise the token lives only in this
// page's memory (the
// input field); no cookie, no storage. No library.
"use strict";

(function () {
  const form = document.getElementById("batch-form");
  if (!form) return;
  const token = document.getElementById("token");
  const filesInput = document.getElementById("files");
  const folderInput = document.getElementById("folder");
  const chosen = document.getElementById("chosen");
  const progressBox = document.getElementById("progress-box");
  const progress = document.getElementById("progress");
  const progressText = document.getElementById("progress-text");
  const resultSection = document.getElementById("result");
  const resultBody = document.getElementById("result-body");
  const button = form.querySelector("button[type=submit]");
  let dropped = [];

  const box = form.querySelector("[data-drop-for]");
  box.addEventListener("dragover", (e) => { e.preventDefault(); box.classList.add("dragging"); });
  box.addEventListener("dragleave", () => box.classList.remove("dragging"));
  box.addEventListener("drop", (e) => {
    e.preventDefault();
    box.classList.remove("dragging");
    if (!e.dataTransfer) return;
    dropped = Array.from(e.dataTransfer.files);
    describeChoice();
  });
  filesInput.addEventListener("change", describeChoice);
  folderInput.addEventListener("change", describeChoice);

  function selected() {
    return [...Array.from(filesInput.files), ...Array.from(folderInput.files), ...dropped];
  }

  function describeChoice() {
    const files = selected();
    const zips = files.filter(isZip).length;
    chosen.textContent = files.length === 0 ? "" : "Chosen: " + count(files.length, "file")
      + (zips ? ", of which " + count(zips, "zip") + " (opened on the notary)" : "")
      + ", " + bytes(files.reduce((n, f) => n + f.size, 0)) + ".";
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    // No token field: the person is signed in, and the sign-in cookie goes with the request.
    const bearer = token ? token.value.trim() : null;
    if (token && !bearer) {
      showError("Paste your sign-in token first (step 1).", token);
      return;
    }
    const files = selected();
    if (files.length === 0) {
      showError(token ? "Choose the files to check first (step 2)." : "Choose the files to check first.", filesInput);
      return;
    }
    const body = new FormData();
    for (const f of files) {
      // A folder's files go with their path inside the folder, so rows can be told apart.
      body.append("file", f, f.webkitRelativePath || f.name);
    }
    send(body, bearer, files.length);
  });

  function send(body, bearer, n) {
    button.disabled = true;
    resultSection.hidden = true;
    progressBox.hidden = false;
    progress.max = 100;
    progress.value = 0;
    progressText.textContent = "Sending " + count(n, "file") + "… 0 %";
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/verify/batch");
    if (bearer) xhr.setRequestHeader("Authorization", "Bearer " + bearer);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (!e.lengthComputable) return;
      const pct = Math.floor((100 * e.loaded) / e.total);
      progress.value = pct;
      progressText.textContent = "Sending " + count(n, "file") + "… " + pct + " %";
    });
    xhr.upload.addEventListener("load", () => {
      progress.removeAttribute("value"); // indeterminate while the notary checks
      progressText.textContent = "All sent. The notary is checking " + count(n, "file") + "…";
    });
    xhr.addEventListener("load", () => {
      button.disabled = false;
      progressBox.hidden = true;
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = null; }
      if (xhr.status === 200 && answer && Array.isArray(answer.results)) {
        show(report(answer));
        return;
      }
      showError(problemText(xhr.status, answer), xhr.status === 401 ? token : null);
    });
    xhr.addEventListener("error", () => {
      button.disabled = false;
      progressBox.hidden = true;
      showError("The check could not be made: the notary service did not answer. Try again in a moment.");
    });
    xhr.send(body);
  }

  function problemText(status, answer) {
    const detail = answer && answer.detail ? " (" + answer.detail + ")" : "";
    if (status === 401 && !token) return "Your sign-in is no longer valid (the token expired or was revoked). Sign in again, then check the files." + detail;
    if (status === 401) return "The notary did not accept the token: it may be mistyped or expired. Ask for a new one." + detail;
    if (status === 403 && !token) return "Your role may not check files in batches (insurer, verifier or acquirer may)." + detail;
    if (status === 403) return "This token may not check files in batches (insurer, verifier or acquirer tokens may)." + detail;
    if (status === 413 || status === 400) return "The notary refused the batch, and kept nothing: " + (answer && answer.detail ? answer.detail + "." : "HTTP " + status + ".");
    return "The notary could not check the files (HTTP " + status + ")." + detail;
  }

  function verdictText(code) {
    const known = document.querySelector('[data-verdict="' + code + '"]');
    return known ? { headline: known.dataset.headline, tone: known.dataset.tone } : { headline: code, tone: "unknown" };
  }

  function report(r) {
    const parts = [];
    const totals = el("ul", { class: "totals" });
    totals.append(el("li", {}, el("strong", {}, String(r.files)), " " + (r.files === 1 ? "file" : "files") + " checked"));
    for (const [code, n] of Object.entries(r.totals || {})) {
      const v = verdictText(code);
      totals.append(el("li", { class: "tone-" + v.tone }, el("span", { class: "icon", "aria-hidden": "true" }),
        " ", el("strong", {}, String(n)), " " + v.headline + " ", el("span", { class: "code" }, "(" + code + ")")));
    }
    if (r.errors) {
      totals.append(el("li", { class: "tone-bad" }, el("span", { class: "icon", "aria-hidden": "true" }), " ",
        el("strong", {}, String(r.errors)), " could not be checked"));
    }
    parts.push(el("h3", {}, "Totals"), totals);
    parts.push(el("p", { class: "downloads" },
      el("button", { type: "button", class: "secondary", "data-download": "csv" }, "Download CSV"), " ",
      el("button", { type: "button", class: "secondary", "data-download": "json" }, "Download JSON")));
    parts.push(el("h3", {}, "Each file"));
    const rows = r.results.map((row, i) => {
      const v = row.verdict ? verdictText(row.verdict) : { headline: "Not checked", tone: "bad" };
      const verdict = el("td", { class: "verdict-cell tone-" + v.tone },
        el("span", { class: "icon", "aria-hidden": "true" }), " " + v.headline,
        row.verdict ? el("span", { class: "code" }, " (" + row.verdict + ")") : "");
      const detail = el("td", {}, row.error || row.summary || "");
      if (row.evidenceId) {
        detail.append(" ", el("a", { href: "/evidence/" + encodeURIComponent(row.evidenceId) },
          "Evidence " + row.evidenceId.slice(0, 8) + "…"));
      }
      return el("tr", {}, el("td", { class: "num" }, String(i + 1)), el("th", { scope: "row", class: "file" }, row.name),
        verdict, detail);
    });
    const table = el("table", { class: "batch" },
      el("caption", {}, "The answer for each file, in the order sent"),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "#"), el("th", { scope: "col" }, "File"),
        el("th", { scope: "col" }, "Verdict"), el("th", { scope: "col" }, "In detail"))),
      el("tbody", {}, ...rows));
    parts.push(el("div", { class: "table-wrap", role: "region", "aria-label": "Results table", tabindex: "0" }, table));
    for (const b of parts[2].querySelectorAll("[data-download]")) {
      b.addEventListener("click", () => download(r, b.dataset.download));
    }
    return parts;
  }

  function download(r, kind) {
    const blob = kind === "csv"
      ? new Blob([csv(r)], { type: "text/csv;charset=utf-8" })
      : new Blob([JSON.stringify(r, null, 2)], { type: "application/json" });
    const a = el("a", { href: URL.createObjectURL(blob), download: "verification." + kind });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // The same CSV the API answers to Accept: text/csv (RFC 4180, a header row, CRLF), with the same
  // guard: a value that starts with = + - @, a tab or a CR gets a leading apostrophe so that a
  // spreadsheet does not run it as a formula.
  function csv(r) {
    const cell = (value) => {
      let v = value == null ? "" : String(value);
      if (v && "=+-@\t\r".includes(v[0])) v = "'" + v;
      if (/[",\r\n]/.test(v)) v = '"' + v.replace(/"/g, '""') + '"';
      return v;
    };
    const lines = [["file", "size", "sha256", "verdict", "summary", "evidence_id", "error"]];
    for (const row of r.results) {
      lines.push([row.name, row.size, row.sha256, row.verdict, row.summary, row.evidenceId, row.error]);
    }
    return lines.map((l) => l.map(cell).join(",")).join("\r\n") + "\r\n";
  }

  function show(nodes) {
    resultBody.replaceChildren(...nodes);
    resultSection.hidden = false;
    resultSection.focus();
  }

  function showError(message, focusAfter) {
    progressBox.hidden = true;
    resultBody.replaceChildren(el("div", { class: "error", role: "alert" }, message));
    resultSection.hidden = false;
    (focusAfter || resultSection).focus();
  }

  function isZip(f) {
    return /\.zip$/i.test(f.name) || f.type === "application/zip" || f.type === "application/x-zip-compressed";
  }

  function count(n, word) {
    return n.toLocaleString("en") + " " + word + (n === 1 ? "" : "s");
  }

  function bytes(n) {
    if (n < 1024) return n.toLocaleString("en") + (n === 1 ? " byte" : " bytes");
    const units = ["KiB", "MiB", "GiB", "TiB"];
    let v = n, u = -1;
    while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
    return v.toFixed(1) + " " + units[u];
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  }
})();
