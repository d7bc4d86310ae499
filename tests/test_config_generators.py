"""A newsroom's own generator names count as AI signals in file metadata."""

from __future__ import annotations

from auditor.cli import main
from fixtures import images


def test_configured_generator_in_software_field_makes_the_image_ai_signalled(tmp_path, capsys):
    (tmp_path / "story.md").write_text("---\ntitle: Story\n---\n![x](story.jpg)\n\n*The harbour at dawn.*\n", encoding="utf-8")
    images.write_jpeg(tmp_path / "story.jpg", exif={"Software": "Acme Imagine 2.1"})
    assert main(["check", str(tmp_path), "--format", "json"]) == 0  # unknown tool: no AI signal
    assert '"AID101"' not in capsys.readouterr().out

    config = tmp_path / "auditor.toml"
    config.write_text('generators = ["Acme Imagine"]\n', encoding="utf-8")
    assert main(["check", str(tmp_path), "--config", str(config), "--format", "json"]) == 1
    assert '"AID101"' in capsys.readouterr().out
