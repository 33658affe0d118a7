"""The build's check that every published file carries only the scripts the site's own templates write.

The CSP already keeps a browser from running anything else; this guard keeps it
from being published at all, and tells staff which page and which file to fix:
``publisher build`` (:mod:`publisher.site.build`) calls :func:`refuse_foreign_scripts` on the staged site, after
MkDocs and before the privacy scan; ``publisher serve`` logs the same lines as
warnings (plugin.py). What counts as a foreign script is :mod:`publisher.guards.script_scan`'s.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from publisher.defaults import project_overrides
from publisher.errors import PublishError, display_path
from publisher.guards.csp import known_scripts
from publisher.guards.script_scan import Finding, scan_site

_FILES_SHOWN = 20
_FINDINGS_SHOWN = 5
_SEARCHED = (".yaml", ".yml", ".md", ".html", ".htm", ".svg", ".xml", ".xhtml", ".j2", ".txt", ".js")


class _Sources:
    """The files a payload can come from, most likely first: data, page templates, content, overrides, mkdocs.yml.

    Each is read at most once, and only when a page must be traced to the file holding its payload.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        base = Path(config.config_file_path or ".").resolve().parent
        plugin = config.plugins.get("publisher")
        self.roots = [Path(config.docs_dir)]
        if plugin is not None:
            self.roots[:0] = [base / plugin.config.data_dir, base / plugin.config.templates_dir]
        overrides = project_overrides(config)
        if overrides is not None:
            self.roots.append(overrides)
        if config.config_file_path:
            self.roots.append(Path(config.config_file_path))
        self._texts: dict[Path, str] = {}

    def _text(self, file: Path) -> str:
        if file not in self._texts:
            readable = file.suffix.lower() in _SEARCHED and file.is_file() and file.stat().st_size <= 2_000_000
            self._texts[file] = file.read_text("utf-8", "replace") if readable else ""
        return self._texts[file]

    def holding(self, needles: set[str], roots: list[Path] | None = None) -> list[str]:
        """Up to three files of the first root that holds one of the payloads as written."""
        needles = {n for n in needles if len(n) >= 4}
        for root in self.roots if roots is None else roots:
            files = sorted(root.rglob("*")) if root.is_dir() else [root]
            found = [display_path(f) for f in files if any(n in self._text(f) for n in needles)]
            if found:
                return found[:3]
        return []

    def origin(self, source: str | None, needles: set[str]) -> str:
        """``来自 content/x.md`` for the file a page came from, or for a generated page the files holding its payload."""
        own = Path(source) if source and source != "自动生成" else None
        if own is not None and self.holding(needles, [own]):
            return f"来自 {display_path(own)}"
        holders = self.holding(needles)
        if holders:
            return "来自 " + "、".join(holders)
        if own is not None:
            return f"来自 {display_path(own)}"  # spelled differently there (entities…): the page's own file
        return "自动生成" if source else ""


def _script_files(config: MkDocsConfig, site_dir: Path) -> list[Finding]:
    """Script files from ``content/``: same-origin, so the CSP would run them; only extra_javascript may add one."""
    docs = Path(config.docs_dir)
    listed = {posixpath.normpath(str(getattr(s, "path", s))) for s in config.extra_javascript}
    return [Finding(rel, 0, "脚本文件（只有 mkdocs.yml 的 extra_javascript 可以添加脚本）", "")
            for file in sorted(site_dir.rglob("*")) if file.suffix.lower() in (".js", ".mjs")
            and (docs / (rel := file.relative_to(site_dir).as_posix())).is_file() and rel not in listed]


def foreign_scripts(config: MkDocsConfig, site_dir: Path, sources: dict[str, str], *,
                    outcome: str = "已停止发布") -> list[str]:
    """One line per published file holding a script the site's templates do not write; empty when none does.

    ``sources`` maps a file of the site to the file it was made from (the plugin's
    ``sources``); a generated page is traced to the data files that hold the payload.
    """
    findings = scan_site(site_dir, known_scripts(config), config.site_url) + _script_files(config, site_dir)
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.path, []).append(finding)
    origins = _Sources(config)
    lines = []
    for path, found in list(by_file.items())[:_FILES_SHOWN]:
        source = sources.get(path)
        origin = origins.origin(source, {f.value.strip() for f in found})
        verbatim = Path(source or "").suffix.lower() == Path(path).suffix.lower()  # copied as is: its lines are theirs
        what = "；".join(f.describe(line=verbatim) for f in found[:_FINDINGS_SHOWN])
        more = f" 等 {len(found)} 处" if len(found) > _FINDINGS_SHOWN else ""
        noun = "页面" if path.endswith((".html", ".htm")) else "文件"
        where = f"{noun} {path}（{origin}）" if origin else f"{noun} {path} "
        lines.append(f"{where}含有不属于本站的脚本：{what}{more}，{outcome}")
    if len(by_file) > _FILES_SHOWN:
        lines.append(f"……另有 {len(by_file) - _FILES_SHOWN} 个文件也含有不属于本站的脚本。")
    return lines


def refuse_foreign_scripts(config_file: Path, site_dir: Path, sources: dict[str, str]) -> None:
    """Raise a :class:`PublishError` naming every page of the staged site that holds a foreign script."""
    lines = foreign_scripts(load_config(str(config_file)), site_dir, sources)
    if lines:
        raise PublishError("\n".join(lines))
