"""The templates, theme overrides and project skeleton that ship inside the package.

An office installs ``publisher`` with pip and keeps one folder per program. Its
own ``templates/`` and ``site_overrides/`` hold only what it changes: a file of
the same name there wins over the default here, as Material's ``custom_dir``
does for the theme.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PACKAGE = Path(str(files("publisher")))
TEMPLATES = PACKAGE / "templates"
"""Page, report and print templates (Jinja2)."""
THEME = PACKAGE / "theme"
"""Overrides of Material's templates, and our stylesheet and scripts."""
SCAFFOLD = PACKAGE / "scaffold"
"""What ``publisher init`` copies into a new program's folder."""


def template_dirs(project_templates: Path | None) -> list[Path]:
    """The project's own templates first (when it has the folder), then the package's."""
    own = [project_templates] if project_templates is not None and project_templates.is_dir() else []
    return [*own, TEMPLATES]


def template_file(project_templates: Path | None, name: str) -> Path:
    """The file ``name`` as the templates see it: the project's own copy when it has one, else the package's."""
    for folder in template_dirs(project_templates):
        if (folder / name).exists():
            return folder / name
    return TEMPLATES / name


def project_overrides(config: MkDocsConfig) -> Path | None:
    """The project's own theme overrides folder (the plugin's ``overrides_dir``), when it has one."""
    plugin = config.plugins.get("publisher")
    base = Path(config.config_file_path or ".").resolve().parent
    folder = base / (plugin.config.overrides_dir if plugin is not None else "site_overrides")
    return folder if folder.is_dir() else None


def add_theme_dirs(config: MkDocsConfig) -> None:
    """Put the package's theme overrides, and the project's own above them, in front of Material's (once).

    ``theme.dirs`` is the search path MkDocs builds its template loader and
    static files from; mkdocs.yml's ``custom_dir``, if any, stays first.
    """
    dirs = config.theme.dirs
    if str(THEME) in dirs or "publisher" not in config.plugins:  # the overrides come with the plugin
        return
    own = project_overrides(config)
    at = 1 if config.theme.custom_dir else 0
    for folder in reversed([*([str(own)] if own is not None and str(own) not in dirs else []), str(THEME)]):
        dirs.insert(at, folder)
