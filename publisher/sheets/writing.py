"""Nominee files in one stable, readable layout, written all or nothing.

Files are reviewed in git diffs, so the same values must always give the same
bytes: keys in the contract's order (the order of docs/data-contract.md and of
the hand-written examples), defaults left out, long or multi-line text as ``|``
block scalars, and PyYAML quoting whatever YAML would read as something else
(a phone number, ``no``, a date written as text).

Every written file must read back to the values it was written from
(:func:`check_round_trip`); how the files reach ``data/nominees`` all or
nothing is :mod:`.staging`.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from publisher.data.dataset import AnyNominee
from publisher.data.loading import load_nominee
from publisher.errors import PublishError
from publisher.sheets.columns import COLUMNS

KEY_ORDER = ("kind", "name", "recommender", "unit", "office", "unit_type", "position", "gender", "ethnicity",
             "political_status", "born", "industry_years", "rank", "enterprise_head", "city_managed", "unit_leader",
             "posthumous", "summary", "deeds", "prior_honours", "new_major_contribution", "submitted_on", "status",
             "withdrawn_reason", "private")
BLOCK_KEYS = frozenset({"summary", "deeds", "new_major_contribution"})
"""Texts written as ``|`` blocks whatever their length: they are the long, reviewed part of a file."""
LONG_TEXT = 60
"""Any other text longer than this, or with a line break, is a block too."""
PRIVATE_ORDER = tuple(c.key for c in COLUMNS if c.private)


class _Dumper(yaml.SafeDumper):
    """Block sequences indented under their key, as the office's hand-written files are."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _block(text: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", text, style="|")


class _Block(str):
    """A string that must be written as a block scalar."""


_Dumper.add_representer(_Block, lambda dumper, data: _block(str(data)))


class _OneLine(dict):
    """A mapping written on one line: ``private: {id_number: "…", phone: "…"}``.

    Every private value then sits on the line that says ``private``, so a reviewer (or a
    pre-commit check) sees at a glance that the number is meant to stay internal.
    """


_Dumper.add_representer(_OneLine, lambda dumper, data: dumper.represent_mapping(
    "tag:yaml.org,2002:map", data.items(), flow_style=True))


def _plain(value: Any, key: str) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str) and (key in BLOCK_KEYS or "\n" in value or len(value) > LONG_TEXT):
        return _Block(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _private(values: dict[str, Any]) -> _OneLine:
    known = [k for k in PRIVATE_ORDER if k in values]
    return _OneLine((k, str(values[k]) if isinstance(values[k], _Block) else values[k])
                    for k in [*known, *(k for k in values if k not in known)])


def layout(nominee: AnyNominee) -> dict[str, Any]:
    """The nominee as the file holds it: no id (the file name is the id), no defaults, contract order."""
    data = nominee.model_dump(mode="python", exclude={"id"}, exclude_defaults=True)
    data["kind"] = nominee.kind
    extra = sorted(set(data) - set(KEY_ORDER))
    out: dict[str, Any] = {}
    for key in [*KEY_ORDER, *extra]:
        if key not in data or data[key] is None:
            continue
        value = data[key]
        if key == "private":
            out[key] = _private(value)
        elif key == "prior_honours":
            out[key] = [{k: _plain(v, k) for k, v in item.items()} for item in value]
        else:
            out[key] = _plain(value, key)
    return out


def render(nominee: AnyNominee) -> str:
    return yaml.dump(layout(nominee), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096,
                     default_flow_style=False)


def check_round_trip(stage: Path, nominees: dict[str, AnyNominee]) -> None:
    """Every file staged in the folder ``stage`` must read back to exactly the imported values.

    A writer bug must never reach data/.
    """
    for nominee_id, nominee in nominees.items():
        loaded = load_nominee(stage / f"{nominee_id}.yaml").nominee
        if loaded != nominee:
            raise PublishError(f"内部错误：{nominee_id}.yaml 写出后读回的内容与表格不一致，已停止导入，没有写入任何文件。"
                               "请把表格发给维护人员。")
