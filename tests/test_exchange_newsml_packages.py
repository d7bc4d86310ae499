"""NewsML-G2 packages as an agency delivers them: the package is a story of its own
(its text items' bodies, its pictures with their own captions, credits and
digital source types, in group order), found in the same message or through
each reference's href; a reference found nowhere is said on the package."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from auditor.articles.exchange_formats import read_items, sniff_exchange
from auditor.pipeline import audit_paths
from fixtures.exchange_formats import newsml_g2_packages

AI_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


@pytest.fixture(scope="module")
def deliveries(tmp_path_factory) -> dict[str, Path]:
    return newsml_g2_packages(tmp_path_factory.mktemp("g2-packages"))


def _items(path: Path) -> dict:
    return {item.ident: item for item in read_items(str(path), sniff_exchange(str(path)))}


@pytest.mark.parametrize("delivery", ["message", "package"])
def test_a_package_is_a_story_of_its_text_and_its_pictures_in_group_order(deliveries, delivery):
    package = _items(deliveries[delivery])["storm-pkg-1"]
    assert package.title == "Storm closes the harbour"
    assert "<p>Ferries stayed in port" in package.body_html  # XHTML as HTML, no namespace prefixes
    assert [(image.src, image.caption, image.credit, image.digital_source_type, image.lead) for image in package.images] == [
        ("media/flood-visual.jpg", "Waves break over the harbour wall.", "Gazette Wire", AI_TYPE, True),
        ("media/market-photo.jpg", "Stallholders set up at dawn.", "Ana Ruiz / Gazette Wire", None, False),
    ]


def test_the_items_of_a_message_stay_stories_and_the_package_comes_after_them(deliveries):
    assert list(_items(deliveries["message"])) == ["storm-text-1", "storm-pic-1", "market-pic-1", "storm-pkg-1"]


def test_the_undisclosed_ai_picture_is_flagged_on_the_package_and_on_its_own_item(deliveries, config):
    message = deliveries["message"]
    report = audit_paths([message], config)
    assert sorted(f.path for f in report.findings if f.rule == "AID101") == [
        f"{message}!/item/storm-pic-1", f"{message}!/item/storm-pkg-1"]


def test_a_reference_delivered_nowhere_is_an_incomplete_package_not_a_silent_one(deliveries, config):
    package = deliveries["package"]
    report = audit_paths([package], config)
    incomplete = [f for f in report.findings if f.rule == "INP005"]
    assert [f.path for f in incomplete] == [f"{package}!/item/storm-pkg-1"]
    assert "lost-pic-1" in incomplete[0].message


def test_a_package_in_an_archive_finds_its_items_in_the_same_member(deliveries, tmp_path, config):
    archive = tmp_path / "delivery.zip"
    root = deliveries["message"].parent
    with zipfile.ZipFile(archive, "w") as packed:
        packed.write(deliveries["message"], "message.xml")
        for image in (root / "media").iterdir():
            packed.write(image, f"media/{image.name}")
    report = audit_paths([archive], config)
    assert sorted(f.path for f in report.findings if f.rule == "AID101") == [
        f"{archive}!/message.xml!/item/storm-pic-1", f"{archive}!/message.xml!/item/storm-pkg-1"]


def test_groups_that_reference_each_other_are_read_once(tmp_path):
    g2 = "http://iptc.org/std/nar/2006-10-01/"
    delivery = tmp_path / "loop.xml"
    delivery.write_text(
        f'<packageItem xmlns="{g2}" guid="urn:x:loop-pkg" version="1"><itemMeta><itemClass qcode="ninat:composite"/>'
        '</itemMeta><groupSet root="A"><group id="A" role="group:main"><groupRef idref="B"/></group>'
        '<group id="B" role="group:sub"><groupRef idref="A"/><itemRef residref="urn:x:gone" href="gone.xml"/>'
        "</group></groupSet></packageItem>", encoding="utf-8")
    (package,) = _items(delivery).values()
    assert package.fields["package_items"] == ["urn:x:gone"]
    assert len(package.incomplete) == 1
