"""The marked text of a document page: every mention once, overlaps on their own level,
everything escaped."""

from __future__ import annotations

import re

from pipeline.review.markup import Mark, highlight, levels


def test_nested_and_overlapping_mentions_get_levels_below_each_other():
    marks = [Mark(0, 20, "SCHOOL", "sm0"), Mark(13, 20, "LOC", "lc0"), Mark(22, 30, "DATE", "dt0"),
             Mark(15, 25, "ORG", "om0")]
    assert levels(marks) == {"sm0": 0, "lc0": 1, "om0": 2, "dt0": 0}


def test_every_mention_has_one_label_and_a_line_under_each_word():
    text = "в МБОУ СОШ № 7 г. Читы прошёл семинар"
    school, place = text.index("МБОУ"), text.index("г. Читы")
    html = highlight(text, [Mark(school, place + 7, "SCHOOL", "sm0", "СОШ № 7"), Mark(place, place + 7, "LOC", "lc0")])
    assert re.findall(r'class="tag L-(\w+)[^"]*" id="tag-(\w+)"', html) == [("SCHOOL", "sm0"), ("LOC", "lc0")]
    words = re.findall(r'<span class="tok" data-ms="([^"]*)">([^<]*)', html)
    assert [w for ids, w in words if w.strip()] == ["МБОУ", "СОШ", "№", "7", "г.", "Читы"]
    assert dict((w, ids) for ids, w in words)["Читы"] == "lc0 sm0"  # the shortest mention first
    assert html.count('data-m="sm0"') == 1 + 11  # its label, and a line under 6 words and 5 spaces
    assert re.sub(r"<[^>]+>", "", html).replace("SCHOOL", "").replace("LOC", "") == text
    assert 'title="СОШ № 7"' in html


def test_text_and_attributes_are_escaped():
    text = "<b>Иванов</b> & «Ко»"
    html = highlight(text, [Mark(3, 9, "PER", 'pm"0', 'a "quoted" <title>', css="gold-fp")])
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert 'id="tag-pm&quot;0"' in html and 'title="a &quot;quoted&quot; &lt;title&gt;"' in html


def test_mentions_outside_the_text_are_left_out_and_newlines_stay_text():
    html = highlight("ab\ncd", [Mark(1, 4, "LOC", "lc0"), Mark(3, 9, "LOC", "lc1"), Mark(2, 2, "LOC", "lc2")])
    assert 'id="tag-lc0"' in html and "lc1" not in html and "lc2" not in html
    assert "\n" in html and '<span class="tok" data-ms="lc0">\n' not in html
