"""The HTML report for an archive: charts with their tables, articles in pages
(the first shown, the rest inert until asked for), a search box, and rule names
that lead to the rule list."""

from __future__ import annotations

import re
from html import escape


from auditor.report.html_pages import PAGE_ARTICLES
from report_samples import finding, mixed_report, render, report
from test_report_html import OUR_TAGS, Page


def archive_report(articles: int):
    return report(*[finding(path=f"news/{2015 + n % 3}/0{1 + n % 9}/story-{n:04}.md") for n in range(articles)])


def live_part(output: str) -> str:
    return output.split('<div id="page-view">', 1)[1].split('<textarea class="page"', 1)[0]


def test_articles_past_the_first_page_wait_as_text():
    output = render(archive_report(PAGE_ARTICLES * 2 + 5), "html")
    assert output.count('<textarea class="page" hidden') == 2
    assert live_part(output).count('<section class="article">') == PAGE_ARTICLES
    # Nothing is left out: the stored pages hold the rest, escaped once more.
    assert output.count('&lt;section class="article">') == PAGE_ARTICLES + 5
    assert '<input id="search" type="search"' in output


def test_a_small_report_is_one_page_without_templates():
    output = render(mixed_report(), "html")
    assert '<textarea' not in output and output.count('<section class="article">') == 3


def test_charts_are_inline_svg_each_with_a_table_of_its_numbers():
    output = render(archive_report(30), "html")
    page = Page(output)
    assert set(page.tags) <= OUR_TAGS
    for chart in ("chart-rules", "chart-months", "chart-folders"):
        figure = re.search(rf'<figure class="chart" id="{chart}">(.*?)</figure>', output, re.S).group(1)
        assert "<svg" in figure and '<table class="chart-data">' in figure
    months = re.search(r'id="chart-months">(.*?)</figure>', output, re.S).group(1)
    rows = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td></tr>", months)
    assert rows[0] == ("2015-01", "4") and sum(int(n) for _, n in rows) == 30
    assert len(rows) == 33  # 2015-01 to 2017-09, months without findings included
    assert [label for label, _ in rows] == sorted(label for label, _ in rows)  # a timeline, oldest first


def test_content_in_a_stored_page_cannot_close_its_textarea():
    hostile = '</textarea><script>alert(1)</script>'
    articles = [finding(path=f"news/{n:04}.md", message=hostile) for n in range(PAGE_ARTICLES + 1)]
    output = render(report(*articles), "html")
    assert output.count("</textarea>") == 1 and output.count("<script") == 1
    assert "&amp;lt;/textarea&amp;gt;&amp;lt;script&amp;gt;" in output  # escaped twice: text once shown


def test_folder_names_in_charts_are_text_not_markup():
    hostile = '<script>alert(1)</script>'
    output = render(report(finding(path=f"{hostile}/a.md")), "html")
    assert hostile not in output and escape(hostile) in output
    assert Page(output).tags.count("script") == 1


def test_rule_names_link_to_their_entry_in_the_rule_list():
    output = render(report(finding()), "html")
    assert '<a href="#rule-AIX301"><code>AIX301</code></a>' in output
    assert '<dt id="rule-AIX301">' in output
    assert '<dt id="rule-DAT201">' not in output  # rules that found nothing are not listed


def test_the_timeline_shows_months_without_findings_as_zero():
    from auditor.report.html_charts import monthly_series

    rows = [("2019", 4), ("2019-11", 2), ("2020-02", 1), ("unknown", 3)]
    assert monthly_series(rows) == [("2019-11", 2), ("2019-12", 0), ("2020-01", 0), ("2020-02", 1)]
