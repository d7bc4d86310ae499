"""The editor's page at `/`: drop an article (or paste it) and its images, and see
each image's findings beside its thumbnail, with the fix. One self-contained page
in the HTML report's look: no external script, font or style, and a CSP that allows
only its one script (by hash), pictures from the files the editor chose, and calls
back to this server. Findings are put on the page as text, never as markup."""

from __future__ import annotations

import base64
import hashlib

from ..report.html import _POLICY as REPORT_POLICY  # noqa: F401 - re-exported for the HTML answer of /v1/check
from ..report.html import _STYLE

_PAGE_STYLE = _STYLE + """
form#story { display: grid; gap: .7rem; max-width: 46rem; } textarea { width: 100%; min-height: 8rem; font: 13px ui-monospace, monospace; }
fieldset { border: 1px solid #ddd; border-radius: 6px; } #status { font-weight: 600; } .unused { color: #666; }
"""

_SCRIPT = """
(function () {
  var form = document.getElementById("story");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var token = document.getElementById("token");
  token.value = sessionStorage.getItem("auditor-token") || "";
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function baseName(path) { var i = (path || "").lastIndexOf("/"); return i < 0 ? path : path.slice(i + 1); }
  function findingNode(f) {
    var box = el("div", "finding");
    box.dataset.rule = f.rule;
    var head = el("p");
    head.appendChild(el("span", f.severity, f.severity));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("code", null, f.rule));
    head.appendChild(document.createTextNode(" " + f.name + (f.line ? "  line " + f.line : "")));
    box.appendChild(head);
    box.appendChild(el("p", "message", f.message));
    if (f.fix) { box.appendChild(el("p", "fix", "fix: " + f.fix)); }
    return box;
  }
  function show(report, images) {
    results.textContent = "";
    var s = report.summary.findings;
    status.textContent = report.findings.length + " findings: " + (s.error || 0) + " errors, " +
      (s.warning || 0) + " warnings, " + (s.info || 0) + " info";
    var groups = {};
    var order = [];
    report.findings.forEach(function (f) {
      var key = f.media ? baseName(f.media) : "";
      if (!(key in groups)) { groups[key] = []; order.push(key); }
      groups[key].push(f);
    });
    order.forEach(function (key) {
      var card = el("div", "card");
      card.dataset.image = key;
      var figure = el("figure");
      if (key && images[key]) {
        var img = el("img");
        img.src = images[key];
        img.alt = "preview of " + key;
        figure.appendChild(img);
      } else {
        figure.appendChild(el("div", "placeholder", key ? key : "the article"));
      }
      if (key) { figure.appendChild(el("figcaption", null, key)); }
      card.appendChild(figure);
      var details = el("div", "details");
      groups[key].forEach(function (f) { details.appendChild(findingNode(f)); });
      card.appendChild(details);
      results.appendChild(card);
    });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = new FormData();
    var file = document.getElementById("article-file").files[0];
    var pasted = document.getElementById("article-text").value;
    if (file) { data.append("article", file, file.name); }
    else { data.append("article_text", pasted); data.append("article_name", document.getElementById("article-name").value); }
    var images = {};
    Array.prototype.forEach.call(document.getElementById("images").files, function (image) {
      data.append("images", image, image.name);
      images[image.name] = URL.createObjectURL(image);
    });
    var options = {};
    var jurisdictions = document.getElementById("jurisdictions").value.split(",").map(function (j) { return j.trim(); }).filter(Boolean);
    if (jurisdictions.length) { options.jurisdictions = jurisdictions; }
    data.append("options", JSON.stringify(options));
    sessionStorage.setItem("auditor-token", token.value);
    var headers = { "Accept": "application/json" };
    if (token.value) { headers["Authorization"] = "Bearer " + token.value; }
    status.textContent = "checking…";
    fetch("/v1/check", { method: "POST", body: data, headers: headers }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok) { status.textContent = "refused: " + answer.body.detail; return; }
      show(answer.body, images);
    }).catch(function (error) { status.textContent = "failed: " + error; });
  });
})();
""".strip()

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")
PAGE_POLICY = (f"default-src 'none'; script-src 'sha256-{_SCRIPT_HASH}'; style-src 'unsafe-inline'; "
               "img-src blob: data:; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>auditor: check a story</title><style>{_PAGE_STYLE}</style></head><body>
<header><h1>Check a story before it is published</h1>
<p>Drop the article (HTML, Markdown, text or CMS JSON) or paste it, with its images named as the article names them.</p></header>
<main>
<form id="story">
<label>Article file <input type="file" id="article-file" accept=".html,.htm,.md,.mdx,.markdown,.txt,.json"></label>
<fieldset><legend>or paste it</legend>
<textarea id="article-text" placeholder="&lt;article&gt;…&lt;/article&gt; or Markdown"></textarea>
<label>Format <select id="article-name"><option value="article.html">HTML</option><option value="article.md">Markdown</option><option value="article.txt">Text</option></select></label>
</fieldset>
<label>Images <input type="file" id="images" multiple accept="image/*"></label>
<label>Jurisdictions (optional, e.g. eu, cn) <input type="text" id="jurisdictions"></label>
<label>Token <input type="password" id="token" autocomplete="off"></label>
<button type="submit" id="check">Check</button>
</form>
<p id="status" role="status"></p>
<section id="results"></section>
</main>
<script>{_SCRIPT}</script></body></html>
"""
