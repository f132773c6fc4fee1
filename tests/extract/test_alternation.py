"""The prefix-tree alternation matches exactly its forms."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.alternation import alternation

WORDS = st.text(alphabet="абвеёжСОШ ", min_size=1, max_size=6).map(str.strip).filter(bool)


@given(st.lists(WORDS, min_size=1, max_size=12), WORDS)
def test_matches_exactly_the_forms(forms, other):
    rx = re.compile(alternation(forms, yo=False))
    assert all(rx.fullmatch(" ".join(f.split())) for f in forms)
    assert bool(rx.fullmatch(other)) == (" ".join(other.split()) in {" ".join(f.split()) for f in forms})


def test_yo_and_spaces_and_longest_form_first():
    rx = re.compile(alternation(["сентября", "сентябрём", "вечерняя школа", "ЧОУ", "ЧОУ ДО"]))
    assert rx.fullmatch("сентябрем") and rx.fullmatch("сентябрём")
    assert rx.fullmatch("вечерняя \n школа")
    assert rx.match("ЧОУ ДО «Лидер»").group() == "ЧОУ ДО"
    assert not rx.fullmatch("сентябрь")
