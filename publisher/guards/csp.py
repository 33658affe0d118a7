"""A strict Content-Security-Policy, and the scripts the site may carry: those the theme and our templates write.

The set of trusted scripts is read from the templates MkDocs renders pages with
(the theme's, with ``site_overrides/`` first), never from a built page: a page
that holds an injected script must not be able to vouch for it. Starting at
``main.html`` and the theme's static templates, every template they extend,
include or import is read and its ``<script>`` elements sorted out:

- an external script with a fixed path (``src="{{ 'assets/x.js' | url }}"``),
  plus ``extra_javascript`` from mkdocs.yml: the pages may load these;
- a data block (``type="application/json"``, the theme's ``__config``): never
  executed, allowed once a page;
- an inline script whose text the template writes as is: named in the policy by
  its SHA-256 hash;
- an inline script whose text varies by page (a Jinja expression in it): no hash
  can name it. The theme's are replaced by external ones in ``site_overrides/``
  (see ``assets/publisher-theme.js``), so today there are none and the policy is
  ``script-src 'self'`` with no hash at all.

:mod:`publisher.guards.script_guard` refuses a build whose pages hold any other script.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path

from jinja2 import TemplateNotFound
from jinja2.meta import find_referenced_templates
from mkdocs.config.defaults import MkDocsConfig

from publisher.defaults import add_theme_dirs

DATA_TYPES = frozenset({"application/json", "application/ld+json"})
"""Script types a browser never executes that our templates use for data."""

BASE_POLICY = (
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
)

_FIXED_SRC = re.compile(r"""\{\{\s*(['"])([^'"{}]+)\1\s*\|\s*url\s*\}\}""")
_JINJA = ("{{", "{%", "{#")
_REFERENCES = re.compile(r"\{%[-+]?\s*(?:extends|include|import|from)\b")


@dataclass(frozen=True)
class KnownScripts:
    """The scripts the site's own templates write; a page may hold these and nothing else."""

    inline: frozenset[str]
    """CSP hash sources (``'sha256-…'``) of inline scripts written verbatim."""
    external: frozenset[str]
    """Site paths (``assets/publisher.js``) of the scripts pages load."""
    data_blocks: frozenset[tuple[str, str]]
    """(type, id) of the non-executable script blocks, e.g. ``("application/json", "__config")``."""
    varying: tuple[str, ...] = ()
    """Templates holding an inline script whose text varies by page: the policy cannot name it."""


def script_hash(text: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class _TemplateScripts(HTMLParser):
    """Collects the ``<script>`` elements of one template's source (Jinja is plain text to it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._open: tuple[dict[str, str | None], list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = (dict(attrs), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open[0], "".join(self._open[1])))
            self._open = None


def _templates(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(name, source) of every template a page can be rendered with, following extends/include/import."""
    add_theme_dirs(config)  # as the plugin does: the package's overrides, and the project's above them
    env = config.theme.get_env()
    assert env.loader is not None
    todo = ["main.html", *sorted(config.theme.static_templates)]
    seen: set[str] = set()
    found = []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, _filename, _uptodate = env.loader.get_source(env, name)
        except TemplateNotFound:
            continue
        found.append((name, source))
        if _REFERENCES.search(source):  # parsing is most of the time here: only where it can find something
            todo.extend(n for n in find_referenced_templates(env.parse(source)) if n is not None)
    return sorted(found)


def _site_path(path: str) -> str | None:
    """``assets/x.js`` for a relative path to a file of the site; None for another host or an absolute path."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^/", path):
        return None
    return posixpath.normpath(path.split("?")[0].split("#")[0])


def known_scripts(config: MkDocsConfig) -> KnownScripts:
    """What the templates of this site (theme, ``site_overrides/``, mkdocs.yml) let a page hold."""
    inline: set[str] = set()
    external: set[str] = set()
    data_blocks: set[tuple[str, str]] = set()
    varying: list[str] = []
    for name, source in _templates(config):
        parser = _TemplateScripts()
        parser.feed(source)
        parser.close()
        for attrs, body in parser.scripts:
            kind = (attrs.get("type") or "").strip().lower()
            if attrs.get("src") is not None:
                fixed = _FIXED_SRC.fullmatch((attrs["src"] or "").strip())
                path = _site_path(fixed.group(2)) if fixed else None
                if path is not None:
                    external.add(path)
            elif kind in DATA_TYPES:
                data_blocks.add((kind, attrs.get("id") or ""))
            elif any(mark in body for mark in _JINJA):
                varying.append(name)
            else:
                inline.add(script_hash(body))
    extra = [*config.extra_javascript, *(config.extra.get("polyfills") or [])]
    for script in extra:
        path = _site_path(str(getattr(script, "path", script)))
        if path is not None:
            external.add(path)
    return KnownScripts(frozenset(inline), frozenset(external), frozenset(data_blocks), tuple(sorted(set(varying))))


def policy(known: KnownScripts) -> str:
    scripts = " ".join(["script-src 'self'", *sorted(known.inline)])
    return "; ".join([BASE_POLICY[0], scripts, *BASE_POLICY[1:]])


def nginx_snippet(known: KnownScripts, config_file: Path) -> str:
    """The snippet the shipped nginx configuration includes (deploy/nginx-publisher.conf)."""
    return (f"# Generated by `publisher csp --nginx` from {config_file} (mkdocs-material {version('mkdocs-material')}"
            " and site_overrides/).\n# It does not change from build to build: regenerate it after upgrading the"
            " theme or editing site_overrides/.\n"
            f"add_header Content-Security-Policy \"{policy(known)}\" always;\n")
