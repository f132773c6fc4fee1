"""What a reader returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Extracted:
    """Raw text of one file, before cleaning.

    ``title`` is a hint (a heading and the lines after it) when the format marks
    headings; otherwise the title is taken from the text.
    """

    text: str
    encoding: str = ""
    title: str = ""
    wrapped: bool = False  # lines are visual (PDF): rejoin them into paragraphs
