"""The NER tagger sees bounded windows: one huge text cannot exhaust memory, and
offsets stay those of the whole text."""

from __future__ import annotations

import pytest

from pipeline.annotate import natasha_stage
from pipeline.records import Token


def toks(n: int) -> list[Token]:
    return [Token(i * 2, i * 2 + 1, "а") for i in range(n)]


def test_a_short_text_is_one_window():
    assert natasha_stage.windows(toks(10), [(0, 19)], 100) == [(0, 10)]
    assert natasha_stage.windows([], [], 100) == []


def test_windows_end_between_sentences_and_cut_a_sentence_only_when_it_is_too_long():
    tokens = toks(10)
    sentences = [(0, 7), (8, 13), (14, 19)]  # 4, 3 and 3 tokens
    assert natasha_stage.windows(tokens, sentences, 5) == [(0, 4), (4, 7), (7, 10)]
    assert natasha_stage.windows(tokens, [(0, 19)], 4) == [(0, 4), (4, 8), (8, 10)]


@pytest.mark.slow
def test_a_long_one_line_text_is_tagged_window_by_window_with_whole_text_offsets(monkeypatch):
    monkeypatch.setattr(natasha_stage, "WINDOW", 40)
    sentence = "Семинар для учителей провела методист Ольга Петровна Смирнова в Чите "
    text = sentence * 30  # no sentence end: one line of 300 tokens
    ann = natasha_stage.annotate("d", text)
    people = [text[s.start : s.end] for s in ann.ner if s.type == "PER"]
    assert len(people) >= 25 and all("Смирнова" in p or "Ольга" in p for p in people)
    assert len(ann.tokens) == 300 and ann.sentences == [(0, len(text.rstrip()))]
