"""The HTML report at archive scale: articles in pages, all but the first kept as
text until shown (see ``paged``), and a search over every page by path and text
(also from the address: ``report.html#search=politics/2019``). Also the report's list of
rules, which the rule names in findings link to.

The paging script is appended to the report's one script, so the page keeps a
single hashed script under its ``default-src 'none'`` policy. It builds no markup
from content: the only markup it parses is the report's own, written escaped here.
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from ..model import RuleInfo

PAGE_ARTICLES = 100
SEARCH_SHOWN = 200  # articles a search shows at most

PAGING_SCRIPT = """
(function () {
  var view = document.getElementById("page-view");
  var pager = document.getElementById("pager");
  if (!view || !pager) { return; }
  var first = document.createElement("template");
  while (view.firstChild) { first.content.appendChild(view.firstChild); }
  var stored = document.querySelectorAll("textarea.page");
  var parsed = [first];
  var search = document.getElementById("search");
  var label = document.getElementById("page-label");
  var previous = document.getElementById("page-previous");
  var next = document.getElementById("page-next");
  var current = 0, waiting = null;
  function content(number) {
    if (!parsed[number]) {
      var page = document.createElement("template");
      page.innerHTML = stored[number - 1].value;
      parsed[number] = page;
    }
    return parsed[number].content;
  }
  function show(nodes) {
    while (view.firstChild) { view.removeChild(view.firstChild); }
    nodes.forEach(function (node) { view.appendChild(node); });
    var severity = document.getElementById("severity-filter");
    if (severity) { severity.dispatchEvent(new Event("change")); }
  }
  function page(number) {
    current = Math.max(0, Math.min(stored.length, number));
    show([content(current).cloneNode(true)]);
    label.textContent = "page " + (current + 1) + " of " + (stored.length + 1);
    previous.disabled = current === 0;
    next.disabled = current === stored.length;
  }
  function find() {
    var query = search.value.trim().toLowerCase();
    if (!query) { page(current); return; }
    var escaped = query.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
    var found = [];
    for (var i = 0; i <= stored.length && found.length < %(limit)d; i++) {
      if (i > 0 && stored[i - 1].value.toLowerCase().indexOf(escaped) === -1) { continue; }
      var articles = content(i).querySelectorAll(".article");
      for (var j = 0; j < articles.length && found.length < %(limit)d; j++) {
        if (articles[j].textContent.toLowerCase().indexOf(query) !== -1) { found.push(articles[j].cloneNode(true)); }
      }
    }
    show(found);
    label.textContent = found.length + (found.length === %(limit)d ? "+" : "") +
      (found.length === 1 ? " article matches" : " articles match");
    previous.disabled = next.disabled = true;
  }
  pager.hidden = false;
  previous.addEventListener("click", function () { page(current - 1); });
  next.addEventListener("click", function () { page(current + 1); });
  search.addEventListener("input", function () { clearTimeout(waiting); waiting = setTimeout(find, 200); });
  var asked = /^#search=(.*)$/.exec(location.hash);  // report.html#search=2019/05: a search to share
  if (asked) { search.value = decodeURIComponent(asked[1]); find(); } else { page(0); }
})();
""".strip() % {"limit": SEARCH_SHOWN}

PAGER = (
    '<form id="pager" hidden><label>Search <input id="search" type="search" placeholder="path or text"></label>'
    ' <button type="button" id="page-previous">previous</button> <output id="page-label"></output>'
    ' <button type="button" id="page-next">next</button></form>'
)


def paged(articles: Iterable[str], page_size: int | None = None) -> list[str]:
    """The article sections in pages: the first as markup (readable with scripts
    off), each other page as the text of a hidden textarea, escaped once more.
    The browser scans that text without building a node of it, which is what lets
    100,000 findings open in seconds; the script parses a page when it is shown."""
    page_size = page_size or PAGE_ARTICLES
    shown: list[str] = []
    waiting: list[str] = []
    stored: list[str] = []
    for index, article in enumerate(articles):
        if index < page_size:
            shown.append(article)
            continue
        waiting.append(article)
        if len(waiting) == page_size:
            stored.append(_stored(waiting))
            waiting = []
    if waiting:
        stored.append(_stored(waiting))
    return ['<div id="page-view">', *shown, "</div>", *stored]


def _stored(articles: list[str]) -> str:
    # In a textarea only "&" and "<" mean anything (an entity, the end tag): the
    # ">" of every tag can stay, a fifth off the stored pages' size.
    text = "".join(articles).replace("&", "&amp;").replace("<", "&lt;")
    return f'<textarea class="page" hidden aria-hidden="true">{text}</textarea>'


def rule_anchor(code: str) -> str:
    return "rule-" + "".join(c if c.isalnum() else "-" for c in code)


def rules_section(rules: Iterable[RuleInfo], present: set[str]) -> str:
    """The rules that found something, with their summaries, for the links in findings."""
    items = [
        f'<dt id="{rule_anchor(rule.code)}"><code>{escape(rule.code)}</code> {escape(rule.name)}'
        f" ({escape(rule.severity.value)}, {escape(rule.pack)})</dt><dd>{escape(rule.summary)}"
        + (f" <span class=\"detail\">{escape(rule.description)}</span>" if rule.description else "")
        + (f' <a href="{escape(rule.help_uri)}">rule page</a>' if _web_link(rule.help_uri) else "") + "</dd>"
        for rule in sorted(rules, key=lambda r: r.code) if rule.code in present
    ]
    return f'<details id="rules" open><summary>Rules</summary><dl class="rules">{"".join(items)}</dl></details>' if items else ""


def _web_link(uri: str | None) -> bool:
    """Only http(s) links: a rule's help_uri may come from a user's config."""
    return bool(uri) and uri.startswith(("https://", "http://"))
