"""Teaching the search's word segmentation the names the site shows.

Material's search plugin segments Chinese text with jieba, whose dictionary
knows common words but not the people of this program: it cuts 夏文静 into
夏 + 文静, and a visitor who types her name then finds neither the decision
nor the notice that lists her. The plugin has a supported setting for this,
``jieba_dict_user``: a file of words, one a line. :func:`user_dictionary`
writes one from the site model (every person's name and every unit a public
page shows, withdrawn nominees included where a 公示 page still lists them),
in a temporary file outside the site and the project, which the publisher
plugin removes as soon as the search plugin has read it.

A collective's name is its unit and a team (``…有限公司总装车间``): the unit
is a word, the team is segmented as usual. Made one word, the whole name
would swallow the unit on every page that lists the collective, and a search
for the unit or for 总装车间 would no longer find it there.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from publisher.site.model import SiteModel
from publisher.site.public_view import PublicNominee

FREQUENCY = 100_000
"""How often jieba should think each word occurs: above any run of common words around a name
(its own guess for a new word only just beats the word's own pieces, and a neighbour can still win)."""
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{2,}")
"""Runs of Han characters: jieba segments only these, and a name like 阿依古丽·买买提 is two of them."""


def shown_nominees(model: SiteModel) -> Iterator[PublicNominee]:
    """Every nominee a public page lists: on notices (withdrawn ones too), the decision, revocations, stories."""
    for view in model.notices:
        yield from view.collectives
        yield from view.individuals
    if model.decision is not None:
        yield from model.decision.collectives
        yield from model.decision.individuals
    for revocation in model.revocations:
        yield from revocation.nominees
    for story in model.stories:
        yield from (model.public_nominee(nominee_id) for nominee_id in story.nominees)


def words(nominees: Iterable[PublicNominee]) -> list[str]:
    """People's names and everyone's units as jieba words (each Han run of two or more characters), sorted."""
    found: set[str] = set()
    for nominee in nominees:
        for text in ((nominee.name, nominee.unit) if nominee.kind == "individual" else (nominee.unit,)):
            found.update(_HAN.findall(text))
    return sorted(found)


_HANDED: set[str] = set()
"""Dictionary lines jieba already has in this process. jieba adds a word's frequency to its total each
time the word is loaded, so loading the same words again (``publisher serve`` rebuilding, two builds
in one process) would shift every later segmentation; each line is handed over once."""


def user_dictionary(model: SiteModel, site_words: str | None = None) -> Path:
    """A temporary jieba user dictionary of the names ``model`` shows that jieba lacks; the caller removes it.

    ``site_words`` is the site owner's own ``jieba_dict_user`` if mkdocs.yml names one:
    its lines come first, so both are used.
    """
    lines: list[str] = []
    if site_words and os.path.isfile(os.path.normpath(site_words)):  # resolved as the search plugin does
        lines += Path(os.path.normpath(site_words)).read_text("utf-8-sig").splitlines()
    lines += [f"{word} {FREQUENCY}" for word in words(shown_nominees(model))]
    new = [line for line in dict.fromkeys(lines) if line.strip() and line not in _HANDED]
    _HANDED.update(new)
    fd, name = tempfile.mkstemp(prefix="publisher-search-words-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("".join(f"{line}\n" for line in new))
    return Path(name)
