"""The naive floor: the same pages built by a plain mkdocs-material configuration.

Usage::

    python bench/naive.py bench/out/p10000 [--today 2026-12-31]

Writes ``<project>/naive/``: every page of our site as a Markdown file (the
generated notice, archive, decision and story-index pages exactly as our
plugin hands them to MkDocs, the home page with its generated section, each
published story with its header) and a ``mkdocs.yml`` that is what a site
owner gets from Material's quick start: the theme in Chinese, the stock search
plugin, no ``nav`` (so MkDocs lists every page in the navigation) and none of
our navigation features. ``mkdocs build -f <project>/naive/mkdocs.yml`` then
builds what a plain setup would build. Feeds and open data are not pages and
are left out.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import date
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

NAIVE_CONFIG = """\
# The naive floor (bench/naive.py): Material's defaults, every page in the navigation.
site_name: {site_name}
site_url: {site_url}
docs_dir: docs
site_dir: site
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
"""


def markdown_extensions(config_text: str) -> str:
    """Our ``markdown_extensions:`` block as written, so both builds render the same Markdown."""
    lines = config_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("markdown_extensions:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i][0].isspace()
                and not lines[i].startswith("#")), len(lines))
    return "\n".join(lines[start:end]) + "\n"


def pages_of(project: Path, today: date) -> dict[str, str]:
    """Every Markdown page of our build as MkDocs receives it, keyed by its source path.

    Runs our plugin's own events (config, files, page Markdown), so the pages are
    exactly ours, whatever the plugin generates today.
    """
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["publisher"]
    plugin.today = today
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)  # as a build does next: our plugin removes its search dictionary
    files = config.plugins.on_files(get_files(config), config=config)
    pages: dict[str, str] = {}
    for file in files.documentation_pages():
        markdown, meta = get_data(file.content_string)
        page = Page(meta.get("title"), file, config)
        page.meta = meta
        markdown = plugin.on_page_markdown(markdown, page=page, config=config, files=files) or markdown
        title = meta.get("title")
        front = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n" if title else ""
        pages[file.src_uri] = front + markdown
    return pages


def write_naive(project: Path, today: date) -> Path:
    """Write ``<project>/naive`` and return its mkdocs.yml."""
    naive = project / "naive"
    shutil.rmtree(naive, ignore_errors=True)
    docs = naive / "docs"
    for uri, markdown in pages_of(project, today).items():
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, "utf-8")
    images = project / "content" / "stories" / "img"
    if images.is_dir():
        shutil.copytree(images, docs / "stories" / "img")
    ours = (project / "mkdocs.yml").read_text("utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    text = NAIVE_CONFIG.format(site_name=config.site_name, site_url=config.site_url) + markdown_extensions(ours)
    (naive / "mkdocs.yml").write_text(text, "utf-8")
    return naive / "mkdocs.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 12, 31))
    args = parser.parse_args(argv)
    config = write_naive(args.project.resolve(), args.today)
    print(f"naive configuration written: mkdocs build -f {config}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
