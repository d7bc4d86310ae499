"""The HTML report at archive scale: articles in pages, all but the first kept in
inert ``<template>`` elements (parsed, never laid out, no image decoded) until
shown, and a search over every page by path and text. Also the report's list of
rules, which the rule names in findings link to.

The paging script is appended to the report's one script, so the page keeps a
single hashed script under its ``default-src 'none'`` policy. It moves and clones
nodes; it never builds markup from text.
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
  var pages = [first].concat(Array.prototype.slice.call(document.querySelectorAll("template.page")));
  var search = document.getElementById("search");
  var label = document.getElementById("page-label");
  var previous = document.getElementById("page-previous");
  var next = document.getElementById("page-next");
  var current = 0;
  function show(nodes) {
    while (view.firstChild) { view.removeChild(view.firstChild); }
    nodes.forEach(function (node) { view.appendChild(node); });
    var severity = document.getElementById("severity-filter");
    if (severity) { severity.dispatchEvent(new Event("change")); }
  }
  function page(number) {
    current = Math.max(0, Math.min(pages.length - 1, number));
    show([pages[current].content.cloneNode(true)]);
    label.textContent = "page " + (current + 1) + " of " + pages.length;
    previous.disabled = current === 0;
    next.disabled = current === pages.length - 1;
  }
  function find() {
    var query = search.value.trim().toLowerCase();
    if (!query) { page(current); return; }
    var found = [];
    for (var i = 0; i < pages.length && found.length < %(limit)d; i++) {
      var articles = pages[i].content.querySelectorAll(".article");
      for (var j = 0; j < articles.length && found.length < %(limit)d; j++) {
        if (articles[j].textContent.toLowerCase().indexOf(query) !== -1) { found.push(articles[j].cloneNode(true)); }
      }
    }
    show(found);
    label.textContent = found.length + (found.length === %(limit)d ? "+" : "") + " articles match";
    previous.disabled = next.disabled = true;
  }
  pager.hidden = false;
  previous.addEventListener("click", function () { page(current - 1); });
  next.addEventListener("click", function () { page(current + 1); });
  search.addEventListener("input", find);
  page(0);
})();
""".strip() % {"limit": SEARCH_SHOWN}

PAGER = (
    '<form id="pager" hidden><label>Search <input id="search" type="search" placeholder="path or text"></label>'
    ' <button type="button" id="page-previous">previous</button> <output id="page-label"></output>'
    ' <button type="button" id="page-next">next</button></form>'
)


def paged(articles: Iterable[str], page_size: int = PAGE_ARTICLES) -> list[str]:
    """The article sections in pages: the first shown as it is (readable with
    scripts off), the others as templates."""
    parts = ['<div id="page-view">']
    closing = "</div>"
    for index, article in enumerate(articles):
        if index and index % page_size == 0:
            parts += [closing, '<template class="page">']
            closing = "</template>"
        parts.append(article)
    parts.append(closing)
    return parts


def rule_anchor(code: str) -> str:
    return "rule-" + "".join(c if c.isalnum() else "-" for c in code)


def rules_section(rules: Iterable[RuleInfo], present: set[str]) -> str:
    """The rules that found something, with their summaries, for the links in findings."""
    items = [
        f'<dt id="{rule_anchor(rule.code)}"><code>{escape(rule.code)}</code> {escape(rule.name)}'
        f" ({escape(rule.severity.value)}, {escape(rule.pack)})</dt><dd>{escape(rule.summary)}"
        + (f" <span class=\"detail\">{escape(rule.description)}</span>" if rule.description else "") + "</dd>"
        for rule in sorted(rules, key=lambda r: r.code) if rule.code in present
    ]
    return f'<details id="rules" open><summary>Rules</summary><dl class="rules">{"".join(items)}</dl></details>' if items else ""
