"""Models pickle back to equal models (the loading helper and the cache both rely on it)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from pydantic import ValidationError

from publisher import models
from publisher.loading import load_nominee

ROOT = Path(__file__).resolve().parents[1]


def _all_models(cls: type = models.Strict) -> list[type[models.Strict]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_all_models(sub)]
    return found


def test_no_model_has_state_the_short_pickle_would_drop() -> None:
    """``Strict.__reduce__`` keeps fields and which were given: private attributes or extra fields would be lost."""
    classes = _all_models()
    assert len(classes) > 10
    for cls in classes:
        assert cls.__private_attributes__ == {}, cls
        assert cls.model_config.get("extra") == "forbid", cls


def test_nominees_pickle_back_to_equal_frozen_models() -> None:
    paths = sorted((ROOT / "data" / "nominees").glob("*.yaml"))
    loaded = [load_nominee(p).nominee for p in paths]
    back = pickle.loads(pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == loaded
    assert [type(b) for b in back] == [type(n) for n in loaded]
    assert [b.model_fields_set for b in back] == [n.model_fields_set for n in loaded]
    assert [b.model_dump() for b in back] == [n.model_dump() for n in loaded]
    with pytest.raises(ValidationError, match="frozen"):
        back[0].name = "改"  # type: ignore[misc]
    honoured = [b for b in back if b.prior_honours]
    assert honoured and isinstance(honoured[0].prior_honours[0], models.PriorHonour)
