"""What "built without validation" means in the tests of auditor's unvalidated builders
(`auditor.model.unvalidated` behind trusted blocks, figures, media facts and findings):
the object validation gives, in every way a caller can tell."""

from __future__ import annotations

import pickle

import pytest


def assert_same_model(built, validated) -> None:
    assert type(built) is type(validated)
    assert list(vars(built)) == list(vars(validated))  # field order: the JSON key order
    assert vars(built) == vars(validated)
    assert {k: type(v) for k, v in vars(built).items()} == {k: type(v) for k, v in vars(validated).items()}
    assert built.model_fields_set == validated.model_fields_set
    assert built.__pydantic_extra__ == validated.__pydantic_extra__
    assert built.__pydantic_private__ == validated.__pydantic_private__
    assert built.model_dump_json() == validated.model_dump_json()
    assert repr(built) == repr(validated)
    assert pickle.loads(pickle.dumps(built)) == validated
    try:
        expected = hash(validated)
    except TypeError:  # a model holding a dict has no hash, built or validated
        with pytest.raises(TypeError):
            hash(built)
    else:
        assert hash(built) == expected
