"""Images where sites keep them: site layouts of Hugo, Jekyll, Astro and Next, the
audit's roots (INP007), site_roots / url_map / site_url, and inspect-article."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from auditor.articles import parse_article
from auditor.articles.site_roots import configure_site_roots
from auditor.cli import main
from auditor.config import Config
from fixtures import images
from fixtures.site_layouts import AI_IMAGES, NOT_ARTICLES, build

AI_XMP = {"Iptc4xmpExt:DigitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"}


@pytest.fixture(autouse=True)
def default_roots():
    """Each test starts, and leaves, with the default roots of its working folder."""
    configure_site_roots(None)
    yield
    configure_site_roots(None)


@pytest.fixture(scope="module")
def layouts(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("layouts")
    build(out)
    return out


def check_json(args: list[str], out: Path, capsys) -> tuple[int, dict]:
    code = main(["check", *args, "--format", "json", "--output", str(out)])
    capsys.readouterr()
    return code, json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("layout", sorted(AI_IMAGES))
def test_every_ai_image_of_a_site_layout_is_caught_and_the_gate_fails(layout, layouts, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(layouts / layout)  # as CI runs it: from the repository's top
    code, report = check_json(["."], tmp_path / "report.json", capsys)
    assert code == 1
    caught = {os.path.normpath(f["media"]) for f in report["findings"] if f["rule"] == "AID101"}
    assert caught == {os.path.normpath(name) for name in AI_IMAGES[layout]}
    assert not [f for f in report["findings"] if f["rule"] in ("INP002", "INP003", "INP007")]
    skipped = {os.path.normpath(entry["path"]) for entry in report["skipped"]}
    assert skipped == {os.path.normpath(name) for name in NOT_ARTICLES[layout]}
    assert sum(report["summary"]["skipped"].values()) == len(NOT_ARTICLES[layout])


def test_layouts_are_caught_from_another_working_folder(layouts, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, report = check_json([str(layouts)], tmp_path / "report.json", capsys)
    assert code == 1
    assert len([f for f in report["findings"] if f["rule"] == "AID101"]) == sum(len(v) for v in AI_IMAGES.values())


def site(tmp_path: Path) -> Path:
    """A repository whose article sits three folders down, an image beside it and
    one in static/, and a secret outside the repository."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "hugo.toml").write_text("title = 'x'\n")
    (repo / "static" / "images").mkdir(parents=True)
    images.write_jpeg(repo / "static/images/a.jpg")
    (repo / "content" / "news" / "2025").mkdir(parents=True)
    images.write_jpeg(repo / "content/news/2025/here.jpg")
    (tmp_path / "secret.jpg").write_bytes(b"\xff\xd8\xff secret bytes")
    return repo


def figure_of(article_dir: Path, src: str):
    path = article_dir / "story.md"
    path.write_text(f"![Picture]({src})\n\nText.\n", encoding="utf-8")
    article = parse_article(path)
    (figure,) = article.figures
    return figure


@pytest.mark.parametrize(
    "src, status, path_ends",
    [
        ("here.jpg", "local", "content/news/2025/here.jpg"),
        ("/images/a.jpg", "local", "static/images/a.jpg"),          # Hugo serves static/ at /
        ("../../../static/images/a.jpg", "local", "static/images/a.jpg"),  # climbing inside the repository
        ("../../../../secret.jpg", "refused", "secret.jpg"),         # out of the repository
        ("../../../../../../../../../../etc/shadow", "refused", "etc/shadow"),
        ("/etc/shadow", "missing", None),                             # root-relative means the site's root
        ("/images/none.jpg", "missing", None),
    ],
)
def test_image_paths_resolve_inside_the_roots_only(tmp_path, monkeypatch, src, status, path_ends):
    repo = site(tmp_path)
    monkeypatch.chdir(repo)
    configure_site_roots(None)
    figure = figure_of(Path("content/news/2025"), src)
    assert figure.status == status
    if path_ends:
        assert figure.path.replace(os.sep, "/").endswith(path_ends)
    else:
        assert figure.path is None


def test_a_symbolic_link_out_of_the_roots_is_refused_and_one_within_is_followed(tmp_path, monkeypatch):
    repo = site(tmp_path)
    folder = repo / "content" / "news" / "2025"
    (folder / "out.jpg").symlink_to(tmp_path / "secret.jpg")
    (folder / "in.jpg").symlink_to(repo / "static" / "images" / "a.jpg")
    monkeypatch.chdir(repo)
    configure_site_roots(None)
    refused = figure_of(folder, "out.jpg")
    assert (refused.status, refused.path) == ("refused", str(tmp_path / "secret.jpg"))
    assert figure_of(folder, "in.jpg").status == "local"


def test_a_refused_image_is_an_inp007_error_naming_the_path_never_its_bytes(tmp_path, monkeypatch, capsys):
    repo = site(tmp_path)
    (repo / "content/news/2025/story.md").write_text("![x](../../../../secret.jpg)\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    code, report = check_json(["content"], tmp_path / "report.json", capsys)
    assert code == 1
    (finding,) = [f for f in report["findings"] if f["rule"] == "INP007"]
    assert finding["severity"] == "error"
    assert "secret.jpg" in finding["message"]
    text = json.dumps(report)
    assert "secret bytes" not in text and "ff d8 ff" not in text
    assert str(tmp_path / "secret.jpg") not in {f.get("media") for f in report["findings"] if f["rule"] != "INP007"}


@pytest.mark.parametrize(
    "config, src, canonical",
    [
        (Config(url_map={"https://cdn.example.com/media/": Path("static/media")}), "https://cdn.example.com/media/ai.jpg", None),
        (Config(site_url="https://news.example.org/"), "https://news.example.org/images/ai.jpg", None),
        (Config(), "https://news.example.org/images/ai.jpg", "https://news.example.org/2025/story/"),
        (Config(site_roots=[Path("public_html")]), "/pics/ai.jpg", None),
    ],
)
def test_the_sites_own_urls_map_to_its_folders(tmp_path, monkeypatch, config, src, canonical):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    for name in ("static/media/ai.jpg", "static/images/ai.jpg", "public_html/pics/ai.jpg"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        images.write_jpeg(repo / name, xmp=AI_XMP)
    (repo / "hugo.toml").write_text("title = 'x'\n")
    page = repo / "content" / "story.html"
    page.parent.mkdir()
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    page.write_text(f"<html><head>{head}</head><body><article><figure><img src='{src}'>"
                    "<figcaption>View</figcaption></figure><p>Text.</p></article></body></html>", encoding="utf-8")
    monkeypatch.chdir(repo)
    configure_site_roots(config)
    (figure,) = parse_article(page).figures
    assert figure.status == "local"
    assert Path(figure.path).name == "ai.jpg"


def test_another_hosts_url_stays_remote(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    configure_site_roots(Config(site_url="https://news.example.org/"))
    page = tmp_path / "story.html"
    page.write_text("<html><head><link rel='canonical' href='https://news.example.org/a/'></head><body><article>"
                    "<img src='https://elsewhere.example.com/images/ai.jpg'><p>Text.</p></article></body></html>")
    (figure,) = parse_article(page).figures
    assert figure.status == "remote"


def test_missing_images_record_where_they_were_looked_for_in_the_site(tmp_path, monkeypatch):
    from auditor.articles.resolve import local_candidates

    repo = site(tmp_path)
    monkeypatch.chdir(repo)
    configure_site_roots(None)
    tried = [p.replace(os.sep, "/") for p in local_candidates("/images/new.jpg", "content/news/2025")]
    assert tried[0] == "static/images/new.jpg"
    assert "content/news/2025/images/new.jpg" in tried and "images/new.jpg" in tried


def test_inspect_article_shows_how_each_image_was_resolved(layouts, monkeypatch, capsys):
    monkeypatch.chdir(layouts / "next")
    code = main(["inspect-article", "data/blog/flood.mdx", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["site"]["generator"] == "next"
    by_src = {figure["src"]: figure for figure in document["figures"]}
    cover = by_src["/static/images/next-cover.jpg"]
    assert cover["status"] == "local" and cover["path"].replace(os.sep, "/") == "public/static/images/next-cover.jpg"
    assert "root-relative" in cover["how"]
    code = main(["inspect-article", "data/blog/flood.mdx"])
    text = capsys.readouterr().out
    assert "site: next" in text and "public/static/images/og-card.jpg" in text


def test_inspect_article_reports_an_unreadable_article_in_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    code = main(["inspect-article", str(bad)])
    out = capsys.readouterr().out
    assert code == 1
    assert "cannot be read: invalid YAML front matter" in out


def test_the_html_report_shows_no_preview_of_a_refused_image(tmp_path, monkeypatch, capsys):
    repo = site(tmp_path)
    images.write_jpeg(tmp_path / "outside.jpg", xmp=AI_XMP)  # a real, decodable image outside the repository
    (repo / "content/news/2025/story.md").write_text("![x](../../../../outside.jpg)\n\nText.\n", encoding="utf-8")
    images.write_jpeg(repo / "content/news/2025/inside.jpg", xmp=AI_XMP)
    (repo / "content/news/2025/other.md").write_text("![y](inside.jpg)\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    out = tmp_path / "report.html"
    assert main(["check", "content", "--format", "html", "--output", str(out)]) == 1
    capsys.readouterr()
    html = out.read_text(encoding="utf-8")
    assert "INP007" in html and "outside the audit" in html
    assert html.count("data:image/") == 1  # the image inside the roots only


def test_an_own_host_image_that_appears_later_re_audits_its_page(tmp_path, monkeypatch):
    from auditor.batch import BatchOptions, run_batch
    from auditor.engine import load_ruleset

    site_folder = tmp_path / "site"
    (site_folder / "2025").mkdir(parents=True)
    (site_folder / "next.config.js").write_text("module.exports = {}\n")
    (site_folder / "public" / "images").mkdir(parents=True)
    (site_folder / "2025" / "story.html").write_text(
        "<html><head><link rel='canonical' href='https://news.example.org/2025/story'></head><body><article>"
        "<figure><img src='https://news.example.org/images/late.jpg'><figcaption>The bay</figcaption></figure>"
        "<p>Text.</p></article></body></html>", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = Config()
    ruleset = load_ruleset(config)
    options = BatchOptions(ledger=tmp_path / "ledger.sqlite")
    findings: list = []
    run_batch([site_folder], config, ruleset, options, on_finding=findings.append)
    assert [f.rule for f in findings] == ["INP002"]
    images.write_jpeg(site_folder / "public" / "images" / "late.jpg", xmp=AI_XMP)
    findings.clear()
    outcome = run_batch([site_folder], config, ruleset, options, on_finding=findings.append)
    assert "AID101" in [f.rule for f in findings]
    assert outcome.reused == 0


@pytest.mark.parametrize(
    "config_name, config_text, src, served",
    [
        ("hugo.toml", 'baseURL = "https://flood.example.org/"\n', "https://flood.example.org/images/ai.jpg", "static/images/ai.jpg"),
        ("_config.yml", "url: https://desk.example.org\nbaseurl: /blog\n", "https://desk.example.org/blog/assets/ai.jpg", "assets/ai.jpg"),
    ],
)
def test_the_generators_base_url_makes_absolute_urls_local(tmp_path, monkeypatch, config_name, config_text, src, served):
    repo = tmp_path / "site"
    (repo / "posts").mkdir(parents=True)
    (repo / config_name).write_text(config_text, encoding="utf-8")
    (repo / served).parent.mkdir(parents=True, exist_ok=True)
    images.write_jpeg(repo / served, xmp=AI_XMP)
    monkeypatch.chdir(repo)
    configure_site_roots(None)
    figure = figure_of(repo / "posts", src)
    assert (figure.status, Path(figure.path)) == ("local", repo / served)
    assert figure_of(repo / "posts", src.replace("example.org", "example.net")).status == "remote"


def test_a_site_config_above_the_roots_makes_no_site(tmp_path, monkeypatch):
    (tmp_path / "hugo.toml").write_text("title = 'planted'\n")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "secret.jpg").write_bytes(b"\xff\xd8\xff")
    audited = tmp_path / "work" / "posts"
    audited.mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "work")
    configure_site_roots(None)
    figure = figure_of(audited, "/secret.jpg")
    assert figure.status == "missing"  # never looked for in the planted site's static/


def test_a_fifo_named_like_a_site_config_does_not_hang(tmp_path, monkeypatch):
    site_folder = tmp_path / "site"
    (site_folder / "posts").mkdir(parents=True)
    os.mkfifo(site_folder / "hugo.toml")
    monkeypatch.chdir(site_folder)
    configure_site_roots(None)
    assert figure_of(site_folder / "posts", "https://example.org/a.jpg").status == "remote"


@pytest.mark.parametrize("layout, article", [("hugo", "content/posts/storm.md"), ("next", "data/blog/flood.mdx"),
                                             ("jekyll", "_site/news/2025/05/01/flood/index.html")])
def test_one_article_named_on_its_own_finds_its_sites_images(layout, article, layouts, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(layouts / layout)
    code, report = check_json([article], tmp_path / "report.json", capsys)
    assert code == 1
    assert {f["rule"] for f in report["findings"]} == {"AID101"}


def test_worker_processes_resolve_like_the_serial_run(layouts, tmp_path, monkeypatch):
    from auditor.batch import BatchOptions
    from auditor.pipeline import audit_paths

    monkeypatch.chdir(tmp_path)  # the layouts are roots only as the run's paths, in every worker
    config = Config(url_map={"https://cdn.example.com/": layouts / "next" / "public"})
    serial = audit_paths([layouts], config)
    pooled = audit_paths([layouts], config, batch=BatchOptions(jobs=2))
    assert [(f.rule, f.path, f.media) for f in pooled.findings] == [(f.rule, f.path, f.media) for f in serial.findings]
    assert sum(f.rule == "AID101" for f in pooled.findings) == sum(len(v) for v in AI_IMAGES.values())


@pytest.mark.parametrize("audited", ["content/posts", "content/posts/story.html"])
def test_auditing_a_subfolder_still_finds_root_relative_images_at_the_top_of_the_repository(
        tmp_path: Path, capsys, monkeypatch, audited: str):
    (tmp_path / ".git").mkdir()
    images.write_jpeg((tmp_path / "images").mkdir() or tmp_path / "images" / "flood.jpg", xmp=AI_XMP)
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "story.html").write_text(
        '<html><body><article><h1>Flood</h1><img src="/images/flood.jpg" alt="Flood"></article></body></html>',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, report = check_json([audited], tmp_path / "out.json", capsys)
    assert [(f["rule"], f["media"]) for f in report["findings"]] == [("AID101", "images/flood.jpg")]
    assert code == 1
