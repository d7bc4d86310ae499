"""The command line's stand-in for pydantic's plugin loader (cli_fast.skip_pydantic_plugin_loader):
with every plugin off, models validate as before and `importlib.metadata` is never
imported; with plugins allowed, pydantic's own loader is left in place."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

BUILD_A_MODEL = """
    import json, sys
    from auditor import cli_fast
    cli_fast.skip_pydantic_plugin_loader()
    import pydantic

    class Photo(pydantic.BaseModel):
        credit: str
        width: int = 0

    photo = Photo.model_validate({"credit": "Ana Ruiz / Reuters", "width": "640"})
    try:
        Photo.model_validate({"width": 1})
        refused = False
    except pydantic.ValidationError:
        refused = True
    loader = sys.modules["pydantic.plugin._loader"]
    print(json.dumps({"photo": photo.model_dump(), "refused": refused, "metadata": "importlib.metadata" in sys.modules,
                      "stand_in": "auditor.cli_fast" in (loader.__doc__ or "")}))
"""


def _run(plugins: str | None) -> dict:
    env = {name: value for name, value in os.environ.items() if name != "PYDANTIC_DISABLE_PLUGINS"}
    if plugins is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = plugins
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(BUILD_A_MODEL)], env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize(("plugins", "stand_in"), [("__all__", True), (None, False), ("some-plugin", False)])
def test_models_validate_alike_with_or_without_the_stand_in(plugins, stand_in):
    out = _run(plugins)
    assert out["photo"] == {"credit": "Ana Ruiz / Reuters", "width": 640}
    assert out["refused"] is True
    assert out["stand_in"] is stand_in
    if stand_in:
        assert out["metadata"] is False  # what the stand-in is for
