"""`auditor serve` refuses to start unsafe or broken, in one line and exit 2, before
it listens on anything."""

from __future__ import annotations

import pytest

from auditor.cli import main


@pytest.mark.parametrize("arguments, said", [
    (["--host", "0.0.0.0"], "refusing to listen on 0.0.0.0 without --token-file"),
    (["--host", "192.168.1.10"], "without --token-file"),
    (["--token-file", "{short}"], "shorter than 16 characters"),
    (["--token-file", "{empty}"], "holds no token"),
    (["--token-file", "{missing}"], "cannot read token file"),
    (["--workers", "0"], "--workers"),
    (["--max-image-bytes", "10"], "--max-image-bytes"),
])
def test_unsafe_or_broken_settings_are_one_line_errors(tmp_path, capsys, arguments, said):
    (tmp_path / "short").write_text("abc\n")
    (tmp_path / "empty").write_text("# no token yet\n\n")
    files = {name: str(tmp_path / name) for name in ("short", "empty", "missing")}
    assert main(["serve", *[a.format(**files) for a in arguments]]) == 2
    error = capsys.readouterr().err
    assert said in error and error.count("\n") == 1


def test_the_configs_token_file_is_read_relative_to_the_config(tmp_path, capsys):
    (tmp_path / "tokens").write_text("too-short\n")
    (tmp_path / "auditor.toml").write_text('serve_token_file = "tokens"\n')
    assert main(["serve", "--config", str(tmp_path / "auditor.toml")]) == 2
    assert f"token file {tmp_path / 'tokens'}: token 1 is shorter than 16 characters" in capsys.readouterr().err
