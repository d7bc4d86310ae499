"""Opt-in invisible watermark detection (`watermarks = ["sd"]`): the Stable Diffusion and
SDXL marks become `ai-generated` signals that the AI rules use; unmarked images stay
clean; an image that cannot be checked says so; a run without the option decodes no
pixels and loads no numpy."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from auditor import audit
from auditor.config import Config, ConfigError, load_config
from auditor.media import read_media
from auditor.media.watermark import configure_watermarks

watermarked = pytest.importorskip("fixtures.watermarked")
try:
    watermarked.reference_encoder()
    import cv2  # noqa: F401
except ImportError as missing:
    pytest.skip(f"the reference encoder is not installed: {missing}", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def checking():
    """Watermark checks on in this process, and off again afterwards (the setting is per process)."""
    configure_watermarks(["sd"])
    yield
    configure_watermarks([])


def marked(kind: str, seed: int = 14):
    rgb = watermarked.photo_like(seed, 768, 512)
    if kind == "sd-v1":
        return watermarked.marked_by_scripts(rgb, b"StableDiffusionV1")
    if kind == "sd-v2":
        return watermarked.marked_by_scripts(rgb, b"SDV2")
    if kind == "sdxl":
        return watermarked.marked_by_sdxl(rgb)
    if kind == "sdxl-rgb":
        return watermarked.marked_by_sdxl(rgb, bgr=False)
    return rgb


def watermark_signals_of(path: Path) -> list:
    return [s for s in read_media(path).signals if s.source.startswith("watermark:")]


@pytest.mark.parametrize("kind, source, bits", [
    ("sd-v1", "watermark:sd-v1", 136),
    ("sd-v2", "watermark:sd-v2", 32),
    ("sdxl", "watermark:sdxl", 48),
    ("sdxl-rgb", "watermark:sdxl", 48),  # diffusers before April 2024 handed the encoder RGB
])
@pytest.mark.parametrize("fmt, options", [
    ("PNG", {}),
    ("WEBP", {"lossless": True}),
    ("JPEG", {"quality": 95, "subsampling": 0}),  # 4:4:4, full-resolution colour
    ("BMP", {}),  # no metadata at all, but pixels
])
def test_a_marked_image_saved_without_losing_colour_detail_is_found(tmp_path, checking, kind, source, bits, fmt, options):
    path = tmp_path / f"generated.{fmt.lower()}"
    path.write_bytes(watermarked.encoded(marked(kind), fmt, **options))
    found = watermark_signals_of(path)
    assert [(s.kind, s.source) for s in found] == [("ai-generated", source)]
    matching, total = found[0].value.split(" ")[0].split("/")
    assert int(total) == bits and int(matching) <= bits


@pytest.mark.parametrize("change", ["jpeg 85", "jpeg 75", "half size"])
def test_the_mark_does_not_survive_chroma_subsampling_or_resizing(tmp_path, checking, change):
    # The scheme's documented limit (README, bench/RESULTS.md): publishing pipelines that
    # re-encode to 4:2:0 JPEG or resize remove it, and auditor does not claim otherwise.
    from PIL import Image

    rgb = marked("sdxl")
    if change == "half size":
        data = watermarked.encoded(rgb, "PNG")
        image = Image.open(io.BytesIO(data))
        image.resize((image.width // 2, image.height // 2), Image.LANCZOS).save(tmp_path / "x.png")
        path = tmp_path / "x.png"
    else:
        path = tmp_path / "x.jpg"
        path.write_bytes(watermarked.encoded(rgb, "JPEG", quality=int(change.split()[1])))
    assert watermark_signals_of(path) == []


@pytest.mark.parametrize("seed", range(6))
def test_unmarked_images_carry_no_watermark_signal(tmp_path, checking, seed):
    path = tmp_path / "photo.png"
    path.write_bytes(watermarked.encoded(watermarked.photo_like(100 + seed, 700, 500), "PNG"))
    facts = read_media(path)
    assert watermark_signals_of(path) == []
    assert facts.errors == ()


def test_an_undisclosed_watermarked_image_in_an_article_is_flagged_with_the_mark_as_evidence(tmp_path):
    watermarked_png = tmp_path / "storm.png"
    watermarked_png.write_bytes(watermarked.encoded(marked("sdxl"), "PNG"))
    (tmp_path / "story.md").write_text(
        "---\ntitle: Storm\ndate: 2025-05-20T08:00:00Z\n---\n![Storm](storm.png)\n\n*Storm clouds over the bay.*\n",
        encoding="utf-8")
    try:
        with_option = audit([tmp_path / "story.md"], Config(watermarks=["sd"]))
        without = audit([tmp_path / "story.md"], Config())
    finally:
        configure_watermarks([])
    flagged = [f for f in with_option.findings if f.rule == "AID101"]
    assert flagged and any(e.source == "watermark:sdxl" for e in flagged[0].evidence)
    assert not [f for f in without.findings if f.rule == "AID101"]


def test_a_small_image_is_not_checked_and_not_reported(tmp_path, checking):
    # The encoder refuses images under 256 x 256 px in area: there is nothing to find.
    path = tmp_path / "icon.png"
    path.write_bytes(watermarked.encoded(watermarked.photo_like(7, 200, 200), "PNG"))
    facts = read_media(path)
    assert watermark_signals_of(path) == [] and facts.errors == ()


@pytest.mark.parametrize("make, reason", [
    ("too many pixels", "pixels, over the 40,000,000 auditor decodes"),
    ("truncated", "the pixels cannot be decoded"),
])
def test_an_image_that_cannot_be_checked_fails_closed(tmp_path, checking, make, reason):
    from PIL import Image

    if make == "too many pixels":
        path = tmp_path / "poster.png"
        Image.new("L", (8000, 6000)).save(path)
    else:
        path = tmp_path / "cut.jpg"
        data = watermarked.encoded(watermarked.photo_like(8), "JPEG", quality=90)
        path.write_bytes(data[: len(data) // 2])
    errors = read_media(path).errors
    assert [e.code for e in errors if "watermark" in e.message] == ["INP001"]
    assert reason in next(e.message for e in errors if "watermark" in e.message)


def test_an_unreadable_image_becomes_an_input_finding_that_fails_the_gate(tmp_path):
    from PIL import Image

    Image.new("L", (8000, 6000)).save(tmp_path / "poster.png")
    try:
        report = audit([tmp_path / "poster.png"], Config(watermarks=["sd"]))
    finally:
        configure_watermarks([])
    assert [(f.rule, f.severity.value) for f in report.findings if "watermark" in f.message] == [("INP001", "error")]


def test_a_run_without_the_option_decodes_no_pixels_and_loads_no_numpy(tmp_path):
    (tmp_path / "storm.png").write_bytes(watermarked.encoded(marked("sdxl"), "PNG"))
    (tmp_path / "story.md").write_text("![Storm](storm.png)\n\n*Storm clouds.*\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys
        from auditor import audit
        report = audit([{str(tmp_path)!r}])
        assert not any("watermark:" in e.source for f in report.findings for e in f.evidence), report.findings
        loaded = sorted(m for m in sys.modules if m == "numpy" or m.startswith(("numpy.", "auditor.media.watermark_decode", "cv2", "pywt")))
        print(loaded)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_the_option_without_numpy_is_a_one_line_config_error(tmp_path, monkeypatch):
    config = tmp_path / "auditor.toml"
    config.write_text('watermarks = ["sd"]\n', encoding="utf-8")
    monkeypatch.setitem(sys.modules, "numpy", None)  # what find_spec sees when numpy is not installed
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    message = str(raised.value)
    assert "\n" not in message
    assert "watermarks" in message and "pip install 'auditor[watermarks]'" in message


def test_the_command_line_reports_a_missing_extra_in_one_line_and_exits_2(tmp_path):
    (tmp_path / "auditor.toml").write_text('watermarks = ["sd"]\n', encoding="utf-8")
    (tmp_path / "story.md").write_text("Text.\n", encoding="utf-8")
    script = "import sys; sys.modules['numpy'] = None; from auditor.cli_fast import main; sys.argv = ['auditor', 'check', 'story.md']; sys.exit(main())"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "auditor[watermarks]" in done.stderr


@pytest.mark.parametrize("value", ['["synthid"]', '"sd"'])
def test_an_unknown_watermark_name_is_a_config_error(tmp_path, value):
    config = tmp_path / "auditor.toml"
    config.write_text(f"watermarks = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="watermarks"):
        load_config(config)
