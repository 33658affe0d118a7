"""Chinese word segmentation for Material's search index: each text once, on every core, kept by content.

Material's search plugin (``search: lang: zh``) segments every run of Han
characters on every page with ``jieba.cut``, one page after another on one core:
a third of a 1,000-page build. :class:`Segmenter` stands in for the ``jieba``
module inside that plugin (nothing else of the plugin is touched), and

* answers a run it has seen before from a dictionary, so each text is segmented
  once per build and, through ``.cache/publisher/``, once across builds while
  the text, jieba and its dictionaries stay the same;
* segments every run of every page up front on the other cores, from the
  Markdown while MkDocs renders it (:meth:`Segmenter.start`), then what the HTML
  adds (:meth:`Segmenter.presegment`), before the plugin indexes the first page.

Every answer is what ``jieba.cut`` returns for that text with the dictionaries
in use: the store is named after jieba's version and the search plugin's
dictionary settings, and a run that was not segmented up front goes to jieba
as before.

:func:`compact_index` rewrites the index Material writes with a ``\\u`` escape
for every Chinese character (six bytes each, six more per word break) as UTF-8
JSON: the same JSON value in half the bytes.

Wiring, in the publisher plugin::

    on_config:      self.segmenter = segment.install(config, store_dir(project))
                    self.segmenter.start(text of every Markdown file in docs_dir)
    on_files:       self.segmenter.start(file.content_string for every page)
    on_env:         self.segmenter.presegment(page.content for every page)
    on_post_build:  self.segmenter.save(); segment.compact_index(site_dir)   (after the search plugin's)
    on_build_error: self.segmenter.close()
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import re
from collections.abc import Iterable
from multiprocessing.connection import Connection
from pathlib import Path
from types import ModuleType
from typing import Any

from .cores import can_fork as _can_fork
from .cores import workers as _workers
from .store import write_store

log = logging.getLogger("mkdocs.plugins.publisher")

MIN_PARALLEL_CHARS = 100_000
"""Below this many characters to segment, forking workers costs more than it saves."""
CHUNK_TEXTS = 1_000
"""Runs per task: small enough that the search plugin rarely waits for the one it needs."""
BREAK = "\u200b"
"""How a segmentation is kept (words joined by it): Material's own word break, never in a Han run."""
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f]+")
"""Runs of Han characters, near enough to Material's ``\\p{script: Han}``: a run found otherwise is segmented
when the plugin asks for it."""
_UNINDEXED_TAGS = re.compile(r"<(?!/?(?:p|code|pre|li|ol|ul|sub|sup)\b)[^>]*>")
"""Tags Material's indexer drops without a trace, so the text on both sides joins into one run."""


def runs_of(html: str) -> set[str]:
    """The Han runs the search indexer will most likely ask for in a page's HTML."""
    return set(HAN.findall(_UNINDEXED_TAGS.sub("", html)))


def _cut_all(jieba: Any, texts: list[str]) -> dict[str, str]:
    return {text: BREAK.join(jieba.cut(text)) for text in texts}


def _cut_task(texts: list[str]) -> dict[str, str]:
    import jieba  # in a forked worker: the parent's module, dictionary already loaded

    return _cut_all(jieba, texts)


class Segmenter:
    """Stands in for ``jieba`` inside Material's search plugin; anything but ``cut`` is jieba's own."""

    def __init__(self, jieba: ModuleType, store: Path | None = None) -> None:
        self._jieba = jieba
        self._store = store
        self.memo: dict[str, str] = {}
        """Text → its words joined by BREAK."""
        self.used: set[str] = set()
        self.new = 0
        """Texts segmented by this build (the rest came from the store)."""
        self._pool: Any = None
        self._pending: dict[str, tuple[Any, list[str]]] = {}
        """Text → the worker task segmenting it, and all the texts of that task."""
        self.head_start = False
        """Started by :func:`head_start` and not yet taken over by a build's :func:`install`."""
        self.had_head_start = False
        """The docs folder's pages went to :func:`head_start`'s process: the build need not send them again."""
        self._head: tuple[Any, Connection] | None = None
        """That process and the pipe its answers come back through, until they are taken in."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jieba, name)

    def cut(self, sentence: str | bytes, cut_all: bool = False, HMM: bool = True,  # jieba's own parameter names
            use_paddle: bool = False) -> Any:
        """``jieba.cut``; the default mode is answered from the memo (Material never asks for another)."""
        try:
            text = sentence.decode("utf-8") if isinstance(sentence, bytes) else sentence
        except UnicodeDecodeError:
            text = None  # jieba would try GBK: let it
        if cut_all or not HMM or use_paddle or text is None or BREAK in text:
            return self._jieba.cut(sentence, cut_all=cut_all, HMM=HMM, use_paddle=use_paddle)
        self.used.add(text)
        joined = self.memo.get(text)
        if joined is None and self._head is not None:
            self._take_head()
            joined = self.memo.get(text)
        if joined is None and text in self._pending:
            self._collect(*self._pending[text])
            joined = self.memo.get(text)
        if joined is None:
            words = list(self._jieba.cut(text))
            self.memo[text] = BREAK.join(words)
            self.new += 1
            return words
        return joined.split(BREAK)

    def start(self, sources: Iterable[str]) -> int:
        """Have the Han runs of ``sources`` segmented in the background, in order; returns how many were sent.

        Called with the site's text in the order MkDocs builds the pages, as early as
        it is known (the docs folder's Markdown, then the generated pages, then what
        the HTML adds): a worker (all cores but one) segments while the main process
        reads data, renders Markdown and templates, and the search plugin picks the
        answers up as it reaches each page, waiting only if it catches up.
        """
        todo = self._unknown(sources)
        if not todo:
            return 0
        if self._pool is None:
            workers = _workers() - 1
            if sum(map(len, todo)) < MIN_PARALLEL_CHARS or workers < 1 or not _can_fork():
                return 0
            self._pool = multiprocessing.get_context("fork").Pool(workers)  # jieba loads its dictionary there
        for i in range(0, len(todo), CHUNK_TEXTS):
            chunk = todo[i:i + CHUNK_TEXTS]
            task = self._pool.apply_async(_cut_task, (chunk,))
            self._pending.update(dict.fromkeys(chunk, (task, chunk)))
        self.new += len(todo)
        return len(todo)

    def presegment(self, pages: Iterable[str]) -> int:
        """Make sure every Han run of ``pages`` (HTML) is known or on its way; returns how many were added.

        Called once every page is HTML, before the search plugin indexes the first one.
        With a worker running, what the HTML adds joins its queue; without one (a small
        site, or ``mkdocs serve`` with its threads) the runs are segmented here.
        """
        self._take_head()
        if self._pool is not None:
            return self.start(pages)
        todo = self._unknown(pages)
        if sum(map(len, todo)) >= MIN_PARALLEL_CHARS and _workers() > 1 and _can_fork():
            with multiprocessing.get_context("fork").Pool(_workers()) as pool:
                for result in pool.imap_unordered(_cut_task, [todo[i::8] for i in range(8)]):
                    self.memo.update(result)
        else:
            self.memo.update(_cut_all(self._jieba, todo))
        self.new += len(todo)
        return len(todo)

    def close(self) -> None:
        """Stop the workers (at the end of a build, and when a build fails)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        if self._head is not None:
            process, receive = self._head
            receive.close()
            process.terminate()
            process.join()
        self._pool, self._pending, self._head = None, {}, None

    def _begin_head(self, pages: list[Path]) -> None:
        """Fork a process that segments the docs folder's ``pages`` (see :func:`head_start`)."""
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_head_worker, args=(self, pages, send), daemon=True)
        process.start()
        send.close()
        self._head = (process, receive)

    def _take_head(self) -> None:
        """Take in the head start's answers, waiting for them if need be; a lost process only costs time."""
        if self._head is None:
            return
        process, receive = self._head
        self._head = None
        try:
            answers = pickle.loads(receive.recv_bytes())
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            log.info("search segmentation head start failed (%s); its texts are segmented later", exc)
            answers = {}
        receive.close()
        process.join()
        self.memo.update(answers)
        self.new += len(answers)

    def _collect(self, task: Any, chunk: list[str]) -> None:
        """Wait for ``task`` and take in its answers; if the worker failed, its texts go to jieba here."""
        try:
            self.memo.update(task.get())
        except Exception as exc:  # noqa: BLE001 - whatever the worker died of, jieba here still gives the words
            log.info("search segmentation worker failed (%s); segmenting its texts in the build itself", exc)
        for text in chunk:
            self._pending.pop(text, None)

    def _unknown(self, texts: Iterable[str]) -> list[str]:
        """The Han runs of ``texts`` neither known nor on their way, in order of first appearance."""
        todo: dict[str, None] = {}
        for text in texts:
            for run in HAN.findall(_UNINDEXED_TAGS.sub("", text)):
                if run not in self.memo and run not in self._pending:
                    todo[run] = None
        return list(todo)

    # --- kept between builds ------------------------------------------------------

    def load(self) -> None:
        if self._store is None:
            return
        try:
            with self._store.open("rb") as f:
                memo = pickle.load(f)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
            return
        if isinstance(memo, dict):
            self.memo.update(memo)

    def save(self) -> None:
        """Keep what this build asked for (so the store never outgrows the site), atomically."""
        if self._store is None or not self.used or (not self.new and len(self.used) == len(self.memo)):
            return
        kept = {text: self.memo[text] for text in self.used}
        write_store(self._store, [pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)])


def fingerprint(jieba: ModuleType, search_config: Any) -> str:
    """jieba's version and the dictionaries the search plugin loads: what a segmentation depends on."""
    h = hashlib.blake2b(digest_size=8)
    h.update(f"{getattr(jieba, '__version__', '?')} {BREAK}".encode())
    for key in ("jieba_dict", "jieba_dict_user"):
        name = getattr(search_config, key, None) if search_config is not None else None
        h.update(f"|{key}={name}".encode())
        if name and os.path.isfile(name):
            h.update(Path(name).read_bytes())
    return h.hexdigest()


def install(config: Any, store: Path | None) -> Segmenter | None:
    """Put a :class:`Segmenter` in place of ``jieba`` in Material's search plugin; None when there is none.

    ``config`` is MkDocs' configuration (for the search plugin's dictionary settings);
    ``store`` the folder kept between builds (None: this build only). Call it after the
    search plugin's ``on_config``, which loads the dictionaries.
    """
    try:
        from material.plugins.search import plugin as search
    except ImportError:
        return None
    current = getattr(search, "jieba", None)
    if current is None:
        return None
    jieba = current._jieba if isinstance(current, Segmenter) else current
    path = store / f"jieba-{fingerprint(jieba, _search_config(config))}.pickle" if store is not None else None
    if isinstance(current, Segmenter) and current.head_start and current._store == path:
        current.head_start = False  # this build takes over what was started before its data was loaded
        return current
    segmenter = Segmenter(jieba, path)
    segmenter.load()
    search.jieba = segmenter
    return segmenter


def _search_config(config: Any) -> Any:
    """The settings of Material's search plugin in MkDocs' ``config``, or None when it is not used."""
    from material.plugins.search import plugin as search

    plugins = getattr(config, "plugins", None) or {}
    return next((p.config for p in plugins.values() if isinstance(p, search.SearchPlugin)), None)


def head_start(config: Any, store: Path | None, docs_dir: Path) -> Segmenter | None:
    """Start segmenting the docs folder's pages before the build has even loaded its data.

    On a cold build of a large site the worker needs about 11 s (1.4 s to load
    jieba's dictionary, then every new Han run), and the search plugin reaches the
    first page about 10 s after the plugin's ``on_config``: started there, the
    worker is still behind, and the build waits for it. Started before the data
    is loaded, a process of its own segments the docs folder's pages (nearly all
    the text: the stories) while the data loads and the pages render; the
    build's :func:`install` takes it over, and its answers are taken in before
    the search plugin indexes the first page. Only with jieba's own dictionaries:
    a site's ``jieba_dict`` or ``jieba_dict_user`` is loaded by the search
    plugin's ``on_config``, too late for a worker forked now.
    """
    try:
        search_config = _search_config(config)
    except ImportError:
        return None
    if search_config is None or search_config.get("jieba_dict") or search_config.get("jieba_dict_user"):
        return None
    pages = sorted(docs_dir.rglob("*.md"))
    if sum(path.stat().st_size for path in pages) < MIN_PARALLEL_CHARS or _workers() < 2 or not _can_fork():
        return None
    segmenter = install(config, store)
    if segmenter is None:
        return None
    segmenter.head_start = segmenter.had_head_start = True
    segmenter._begin_head(pages)
    return segmenter


def _head_worker(segmenter: Segmenter, pages: list[Path], pipe: Connection) -> None:
    """In the forked head-start process: every new Han run of the docs folder's pages, sent back at once.

    A plain process, not a pool: a pool runs threads in the parent, and the
    parent is about to fork its loading helper, which it does only while no other
    thread runs. The pages are read here, so the parent spends nothing on them.
    """
    texts = (path.read_text("utf-8", "replace") for path in pages)
    pipe.send_bytes(pickle.dumps(_cut_all(segmenter._jieba, segmenter._unknown(texts)),
                                 protocol=pickle.HIGHEST_PROTOCOL))
    pipe.close()


def drop_head_start() -> None:
    """Stop a head start no build took over (the data had problems): no worker outlives the command."""
    try:
        from material.plugins.search import plugin as search
    except ImportError:
        return
    current = getattr(search, "jieba", None)
    if isinstance(current, Segmenter) and current.head_start:
        current.close()
        search.jieba = current._jieba


def compact_index(site_dir: Path) -> int:
    """Rewrite ``search/search_index.json`` as UTF-8 instead of ``\\u`` escapes; returns the bytes saved.

    The browser reads the same JSON value (``fetch().json()`` decodes UTF-8), and
    the privacy scan then reads the Chinese text there as it reads it in pages.
    """
    path = site_dir / "search" / "search_index.json"
    try:
        before = path.read_bytes()
    except OSError:
        return 0
    after = json.dumps(json.loads(before), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(after) >= len(before):
        return 0
    path.write_bytes(after)
    return len(before) - len(after)
