"""The publisher plugin's settings, as an office writes them in ``mkdocs.yml``.

::

    plugins:
      - search
      - publisher:
          data_dir: data
          pdf: false

Every name here is a contract with the offices' ``mkdocs.yml`` files: a name
never changes once published. Folders are relative to ``mkdocs.yml``.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PublisherConfig(Config):
    """What the plugin reads from its entry under ``plugins:`` (MkDocs checks the types and fills the defaults)."""

    # Where the program's files are
    data_dir = c.Type(str, default="data")
    """The data folder (program, recommenders, contacts, calendar, nominees, notices, decision)."""
    templates_dir = c.Type(str, default="templates")
    """The project's own page templates: a file here replaces the package's default of the same name."""
    overrides_dir = c.Type(str, default="site_overrides")
    """The project's own theme overrides and assets, searched before the package's and Material's."""

    # What the build publishes
    today = c.Optional(c.Type(str))
    """The day statuses are computed for, YYYY-MM-DD; default: today in Asia/Shanghai (or from SOURCE_DATE_EPOCH)."""
    unsafe_allow_raw_html = c.Type(bool, default=False)
    """true: publish the HTML written in content/ as it is, scripts included. Off, it is sanitized (nh3)."""

    # 附件: each list as PDF and XLSX under attachments/
    attachments = c.Type(bool, default=True)
    """false: no attachments at all (publisher.channels.attachments makes them)."""
    pdf = c.Type(bool, default=True)
    """false: XLSX only (a machine without WeasyPrint/Pango skips the PDFs by itself, with a warning)."""
    cache_dir = c.Type(str, default=".cache/publisher")
    """Where attachments made before are kept, by a digest of their inputs (a PDF costs seconds; Material keeps its
    social cards the same way). Safe to delete at any time."""
    pdf_font = c.Optional(c.Type(str))
    """The Chinese font file the PDFs embed; default: the first one found on the machine."""
