"""Run natasha on pymorphy3 instead of the unmaintained pymorphy2.

natasha and yargy import ``pymorphy2``, which on Python 3.11 needs
``pkg_resources`` (gone from setuptools ≥ 82). Aliasing the module before natasha
is imported makes them use pymorphy3, whose output is identical (NLP_STACK.md).
Import this module before anything from natasha.
"""

from __future__ import annotations

import sys

import pymorphy3
import pymorphy3.analyzer
import pymorphy3.tagset
import pymorphy3.units


def install() -> None:
    sys.modules.setdefault("pymorphy2", pymorphy3)
    sys.modules.setdefault("pymorphy2.analyzer", pymorphy3.analyzer)
    sys.modules.setdefault("pymorphy2.tagset", pymorphy3.tagset)
    sys.modules.setdefault("pymorphy2.units", pymorphy3.units)


install()
