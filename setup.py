"""Compiles the line reader of data files (``publisher/quickyaml.py``) with mypyc when it can.

Everything about the package is in ``pyproject.toml``; this file only adds the
compiled module. Reading ten thousand nominee files is most of a cold
``publisher check``, and the compiled reader does its part of it in about half
the time. The module stays plain Python: where mypyc or a C compiler is
missing, or ``PUBLISHER_PURE_PYTHON=1`` is set, the install goes on without
the extension and the same code runs as Python, with the same results (the
tests hold both to libyaml).
"""

from __future__ import annotations

import os
import sys

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED = ["publisher/quickyaml.py"]


def compiled_modules() -> list:
    if os.environ.get("PUBLISHER_PURE_PYTHON", "") not in ("", "0"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        return []
    try:
        return mypycify(COMPILED, opt_level="3")
    except (SystemExit, Exception) as exc:  # mypy's type check or code generation: keep the Python module
        print(f"publisher: not compiling {', '.join(COMPILED)} ({exc}); it runs as Python", file=sys.stderr)
        return []


class OptionalBuildExt(build_ext):
    """A compiler that fails leaves the module as Python instead of failing the install.

    All or nothing: mypyc makes a shim module and a library beside it, and a
    shim left without its library would break ``import publisher.quickyaml``.
    """

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:  # distutils raises several unrelated kinds: all mean no extension
            self._none_built(exc)

    def build_extension(self, ext) -> None:  # setuptools' Extension
        try:
            super().build_extension(ext)
        except Exception as exc:  # as in run()
            self._none_built(exc)
            raise

    def _none_built(self, exc: Exception) -> None:
        for ext in self.extensions:
            built = self.get_ext_fullpath(ext.name)
            if os.path.exists(built):
                os.remove(built)
        print(f"publisher: compiled reader not built ({exc}); it runs as Python", file=sys.stderr)


setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
