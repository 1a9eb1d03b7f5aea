// The editor page: sends the article to POST /v1/check and shows the findings in the text. Offsets in the API
// are UTF-8 byte offsets, so the text is cut as bytes, never as JavaScript (UTF-16) string indices.
"use strict";

const $ = (id) => document.getElementById(id);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

// The text and findings of the last check; a fix edits this text.
let checked = { text: "", findings: [] };

function element(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function setStatus(message, isError) {
  $("status").textContent = message;
  $("status").classList.toggle("error", Boolean(isError));
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

async function callApi(path, options) {
  const headers = Object.assign({}, options.headers);
  const token = sessionStorage.getItem("factlint-token");
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    $("token-box").hidden = false;
    $("token").focus();
  }
  return response;
}

async function check() {
  const text = $("text").value;
  const request = { text, format: $("format").value };
  if ($("date").value) request.date = $("date").value;
  setStatus("Checking…");
  let response, body;
  try {
    response = await callApi("/v1/check", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    body = await response.json();
  } catch (e) {
    setStatus(`The check failed: ${e.message}`, true);
    return;
  }
  if (!response.ok) {
    const error = body.error || {};
    const where = error.line ? ` (line ${error.line}, column ${error.column})` : "";
    setStatus(`${error.message || response.statusText}${where}`, true);
    return;
  }
  const file = body.files[0];
  checked = { text, findings: file.findings };
  render();
  const origin = { option: "the date set here", "front-matter": "the front matter", today: "today" }[file.as_of_from];
  const s = body.summary;
  setStatus(
    `${plural(file.findings.length, "finding")} (${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ` +
      `${plural(s.notes, "note")}) as of ${file.as_of}, from ${origin}.`
  );
}

function render() {
  const bytes = encoder.encode(checked.text);
  const view = $("view");
  const list = $("findings");
  view.replaceChildren();
  list.replaceChildren();
  // Highlights cannot nest: a finding inside an earlier one is listed but not marked again.
  let at = 0;
  checked.findings.forEach((finding, index) => {
    if (finding.start < at || finding.end > bytes.length) return;
    view.append(decoder.decode(bytes.subarray(at, finding.start)));
    const mark = element(
      "mark",
      {
        id: `m${index}`,
        class: finding.severity,
        "data-rule": finding.rule,
        tabindex: "0",
        title: `${finding.rule} ${finding.message}`,
        "aria-describedby": `f${index}`,
      },
      decoder.decode(bytes.subarray(finding.start, finding.end))
    );
    mark.addEventListener("click", () => select(index, "finding"));
    mark.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(index, "finding");
      }
    });
    view.append(mark);
    at = finding.end;
  });
  view.append(decoder.decode(bytes.subarray(at)));
  checked.findings.forEach((finding, index) => list.append(findingItem(finding, index)));
  if (checked.findings.length === 0) list.append(element("li", {}, "No findings."));
  showView(true);
}

function findingItem(finding, index) {
  const item = element("li", { id: `f${index}`, tabindex: "-1", "data-rule": finding.rule });
  item.append(
    element("span", { class: `severity ${finding.severity}` }, finding.severity),
    ` ${finding.rule} ${finding.name} — line ${finding.line}, column ${finding.column}`,
    element("br"),
    finding.message
  );
  for (const evidence of finding.evidence) {
    const parts = [`Evidence: ${evidence.summary}`];
    if (evidence.file) parts.push(` — ${evidence.file}:${evidence.line}`);
    const paragraph = element("p", { class: "evidence" }, ...parts);
    if (evidence.source) {
      paragraph.append(" — source: ");
      paragraph.append(
        evidence.source.url
          ? element("a", { href: evidence.source.url, rel: "noopener noreferrer" }, evidence.source.name)
          : evidence.source.name
      );
    }
    item.append(paragraph);
  }
  const actions = element("div", { class: "actions" });
  if ($(`m${index}`)) {
    const show = element("button", { type: "button", class: "secondary" }, "Show in text");
    show.addEventListener("click", () => select(index, "mark"));
    actions.append(show);
  }
  if (finding.fix) {
    item.append(element("p", { class: "fix" }, `Fix: ${finding.fix.description}`));
    if (finding.fix.edits && finding.fix.edits.length > 0) {
      const label = finding.fix.safe ? "Apply fix" : "Apply fix (check the context)";
      const apply = element("button", { type: "button", class: "apply-fix" }, label);
      apply.addEventListener("click", () => applyFix(index));
      actions.append(apply);
    }
  }
  item.append(actions);
  return item;
}

function select(index, focus) {
  for (const node of document.querySelectorAll(".current")) node.classList.remove("current");
  const mark = $(`m${index}`);
  const item = $(`f${index}`);
  if (mark) mark.classList.add("current");
  if (item) item.classList.add("current");
  const target = focus === "mark" ? mark : item;
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.focus();
  }
}

async function applyFix(index) {
  const finding = checked.findings[index];
  const bytes = encoder.encode(checked.text);
  // Later edits first, so earlier offsets stay valid.
  const edits = [...finding.fix.edits].sort((a, b) => b.start - a.start);
  let result = bytes;
  for (const edit of edits) {
    const replacement = encoder.encode(edit.replacement);
    const next = new Uint8Array(result.length - (edit.end - edit.start) + replacement.length);
    next.set(result.subarray(0, edit.start), 0);
    next.set(replacement, edit.start);
    next.set(result.subarray(edit.end), edit.start + replacement.length);
    result = next;
  }
  $("text").value = decoder.decode(result);
  await check();
  setStatus(`Applied: ${finding.fix.description} ${$("status").textContent}`);
  $("findings-heading").focus();
}

function showView(show) {
  $("view").hidden = !show;
  $("text").hidden = show;
  $("edit").disabled = !show;
}

async function copyText() {
  const text = $("text").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Without clipboard permission: copy through a selection.
    const wasHidden = $("text").hidden;
    $("text").hidden = false;
    $("text").select();
    document.execCommand("copy");
    $("text").hidden = wasHidden;
  }
  setStatus(`Copied ${plural(text.length, "character")} to the clipboard.`);
}

function openFile(event) {
  const file = event.target.files[0];
  if (!file) return;
  const name = file.name.toLowerCase();
  $("format").value = /\.(txt|text)$/.test(name) ? "text" : /\.html?$/.test(name) ? "html" : "markdown";
  const reader = new FileReader();
  reader.onload = () => {
    $("text").value = reader.result;
    check();
  };
  reader.onerror = () => setStatus(`Cannot read ${file.name}.`, true);
  reader.readAsText(file);
}

document.addEventListener("DOMContentLoaded", () => {
  $("check").addEventListener("click", check);
  $("edit").addEventListener("click", () => {
    showView(false);
    $("text").focus();
  });
  $("copy").addEventListener("click", copyText);
  $("file").addEventListener("change", openFile);
  $("token").addEventListener("change", () => {
    sessionStorage.setItem("factlint-token", $("token").value);
    check();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    }
  });
});
