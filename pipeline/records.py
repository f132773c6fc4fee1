"""Typed records that flow between stages: ingest → annotate → extract → resolve → export.

Records are plain slotted dataclasses: cheap to build by the thousand, trivially
turned into JSON for the stage cache (``dataclasses.asdict``) and back
(``from_dict``), and never pickled. Every mention carries ``start``/``end``
character offsets into ``Document.text`` (the cleaned text), so any row of any
table can be shown in context.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from functools import cache
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record from its ``asdict`` form, ignoring unknown keys.

    Tuples come back from JSON as lists; fields declared as tuples are restored,
    and so are the pairs of a tuple of pairs (``places``).
    """
    known, tuples = _field_kinds(cls)  # type: ignore[arg-type]  # a class is hashable
    if not data.keys() <= known:
        data = {k: v for k, v in data.items() if k in known}
    if tuples:
        data = {**data, **{k: _tuple(data[k]) for k in tuples if isinstance(data.get(k), list)}}
    return cls(**data)


def _tuple(items: list) -> tuple:
    return tuple(tuple(x) if isinstance(x, list) else x for x in items)


@cache
def _field_kinds(cls: type) -> tuple[frozenset[str], frozenset[str]]:
    """(field names, names of tuple-typed fields): read once per record class."""
    fs = fields(cls)
    return frozenset(f.name for f in fs), frozenset(f.name for f in fs if "tuple" in str(f.type))


def to_dict(record: Any) -> dict[str, Any]:
    """A record as ``asdict`` gives it; without its deep copy when every field holds
    plain values (a tenth of the time: records are written by the hundred thousand)."""
    names = _plain_fields(type(record))  # type: ignore[arg-type]  # a class is hashable
    if names is None:
        return asdict(record)
    return {name: getattr(record, name) for name in names}


_PLAIN = (str, int, float, bool, type(None))


@cache
def _plain_fields(cls: type) -> tuple[str, ...] | None:
    """The field names of a record class whose fields are all strings, numbers and
    tuples or lists of them (no nested records), else None."""

    def plain(hint: Any) -> bool:
        if get_origin(hint) is None:
            return hint in _PLAIN
        return all(plain(arg) for arg in get_args(hint) if arg is not Ellipsis)

    hints = get_type_hints(cls)
    fs = fields(cls)
    return tuple(f.name for f in fs) if all(plain(hints[f.name]) for f in fs) else None


# --------------------------------------------------------------------------- ingest


@dataclass(slots=True)
class Document:
    """One input file (or archive member): its cleaned text, or why there is none."""

    doc_id: str
    source: str  # path relative to the input root; ``a.zip/dir/b.docx`` for members
    format: str  # txt, docx, doc, rtf, pdf, html, odt, zip, unknown
    status: str  # "ok", "error" or "skipped" (hidden and lock files)
    error: str = ""  # a message a person understands; empty when ok
    error_code: str = ""  # stable code from ``pipeline.errors``
    title: str = ""
    text: str = ""  # cleaned text; offsets of every mention point into it
    sha256: str = ""  # of the source bytes
    size: int = 0  # bytes
    encoding: str = ""  # detected encoding (plain-text formats)
    published: str = ""  # YYYY-MM-DD the file says it was published or created (HTML meta, document properties)
    published_from: str = ""  # html-meta, docx-core, odt-meta, pdf-meta
    dateline: str = ""  # a web page's date line outside its article, as written («05 декабря 2023, 14:20»)

    @property
    def n_chars(self) -> int:
        return len(self.text)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


# --------------------------------------------------------------------------- annotate


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class NerSpan:
    start: int
    end: int
    type: str  # PER, ORG, LOC (natasha's labels)


@dataclass(slots=True)
class Annotation:
    """Output of the slow NLP stage, cached per document; independent of rules."""

    doc_id: str
    sentences: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)
    ner: list[NerSpan] = field(default_factory=list)


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    text: str
    surname: str  # nominative
    first_name: str = ""  # full first name when written, nominative
    patronymic: str = ""  # full patronymic when written, nominative
    initials: str = ""  # "О.Я." (from the written initials or the full names)
    gender: str = ""  # "f", "m" or "" when unknown
    roles: tuple[str, ...] = ()  # nominative singular, without the organization
    org: str = ""  # normalized organization the role belongs to
    role_text: str = ""  # the role phrase as written (for evidence)
    org_places: tuple[tuple[str, str], ...] = ()  # (name, kind) of the places ``org`` names (``… г. Читы``)

    @property
    def name(self) -> str:
        """``Фамилия И.О.`` in the nominative."""
        return f"{self.surname} {self.initials}".strip()


@dataclass(frozen=True, slots=True)
class OrgMention:
    start: int
    end: int
    text: str
    name: str  # normalized, nominative
    abbreviation: str = ""
    full_name: str = ""  # expansion of the abbreviation, nominative
    kind: str = ""  # authority, institute, department, school, university, …
    places: tuple[tuple[str, str], ...] = ()  # (name, kind) of the places the name names (``… г. Читы``)


@dataclass(frozen=True, slots=True)
class SchoolMention:
    start: int
    end: int
    text: str
    number: str  # "3", "7а"
    kind: str = "СОШ"  # СОШ, ООШ, НОШ, СШ, школа, гимназия, лицей, …
    name: str = ""  # eponym or specialization: "им. Е.И. Мирошко"
    legal_form: str = ""  # МБОУ, МАОУ, …
    location: str = ""  # settlement when stated, nominative
    written: str = ""  # the kind as the text writes it, nominative (`школа`, `СОШ`); "" when only a legal form says it
    general: bool = False  # the text writes no level (`школа № 5`, `МБОУ № 5`): kind is the general one


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    value: str  # ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY or START/END; --MM-DD for a day whose year is unknown
    kind: str  # date, month, year, range, academic_year, deadline
    year_inferred: bool = False  # the year is not written in the mention
    year_source: str = "text"  # where the year came from: text, document, path, unknown


@dataclass(frozen=True, slots=True)
class FormatMention:
    start: int
    end: int
    text: str
    format: str  # normalized lemma: "стратегическая сессия"


@dataclass(frozen=True, slots=True)
class LocationMention:
    start: int
    end: int
    text: str
    name: str  # nominative
    kind: str  # region, district, urban_district, city, village, …


@dataclass(frozen=True, slots=True)
class Event:
    format: str
    title: str = ""
    date: str = ""
    venue: str = ""
    location: str = ""
    organizer: str = ""
    participants: int | None = None
    start: int = 0  # where the event is stated
    end: int = 0


@dataclass(frozen=True, slots=True)
class ReportDate:
    """The report's own date and where it was found: ``dateline`` (a web page's
    date line), ``header`` (a full date in the text's first line), the file's
    metadata (``html-meta``, ``docx-core``, ``odt-meta``, ``pdf-meta``) or ``path``
    (a dated file or folder name)."""

    value: str  # ISO 8601, a day (or a year when only a folder's year gives it)
    source: str


@dataclass(frozen=True, slots=True)
class FolderPlace:
    """The place the nearest folder of a report names (``Чита/отчёт.docx`` → ``г. Чита``):
    its municipality when its text and organizations name none."""

    name: str


@dataclass(slots=True)
class Extraction:
    """Everything the rules found in one document."""

    doc_id: str
    persons: list[PersonMention] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    schools: list[SchoolMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    formats: list[FormatMention] = field(default_factory=list)
    locations: list[LocationMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    report_date: list[ReportDate] = field(default_factory=list)  # at most one
    folder_place: list[FolderPlace] = field(default_factory=list)  # at most one


# --------------------------------------------------------------------------- extract components


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What a component may know of the file besides its text: where it lies in the
    archive (``2023/05/отчёт.docx``) and the date the file says it was published."""

    source: str = ""
    published: str = ""  # YYYY-MM-DD
    published_from: str = ""
    dateline: str = ""


@dataclass(frozen=True, slots=True)
class Inputs:
    """What an extraction component is given: the document's text, its annotation
    and file metadata (when the component requires them) and the records of the
    components it requires."""

    doc_id: str
    text: str
    annotation: Annotation | None = None
    records: dict[str, list] = field(default_factory=dict)
    meta: DocMeta | None = None
