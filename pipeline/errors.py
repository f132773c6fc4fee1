"""One catalogue of error codes and the messages people read (as spaCy's errors.py).

A per-document error never stops a run: it becomes a ``documents`` row with
``status=error``, the code below and a message that says what to do. A file
that is deliberately not read (a hidden file, an Office lock file) is a row with
``status=skipped`` and the code ``SKIPPED_HIDDEN``.
"""

from __future__ import annotations

from enum import Enum


class E(str, Enum):
    """Document-level error codes; the value is the message template."""

    EMPTY = "the file is empty"
    TOO_LARGE = "the file is {size} bytes, over the limit of {limit} bytes (raise --max-file-mb to read it)"
    BINARY_AS_TEXT = "the file is named .{ext} but holds binary data, not text"
    UNDECODABLE = "the text encoding could not be determined (tried UTF-8/16, cp1251, koi8-r)"
    CORRUPT = "the {fmt} file is damaged and cannot be read: {detail}"
    NO_TEXT_LAYER = "the PDF has no text layer (a scan?): run OCR first"
    ENCRYPTED = "the {fmt} file is password-protected"
    MISSING_TOOL = "reading .{ext} needs the '{tool}' program, which is not installed (apt-get install {package})"
    TOOL_FAILED = "the converter '{tool}' failed: {detail}"
    UNSUPPORTED = "files of type .{ext} are not supported"
    NO_TEXT = "the {fmt} file holds no text"
    UNSAFE_PATH = "archive member path '{path}' escapes the archive (absolute or '..'); skipped"
    SYMLINK_OUTSIDE = "symbolic link points outside the input folder ({target}); skipped"
    ZIP_BOMB = "archive exceeds the unpacking limit: {detail}"
    ZIP_TOO_DEEP = "archive nested deeper than {limit} levels"
    EXPANSION_BOMB = "the {fmt} file unpacks to far more than its size ({detail}); not read"
    XML_BOMB = "the {fmt} file holds hostile XML and was not read: {detail}"
    TOO_DEEP = "the {fmt} file is nested too deeply to read ({detail})"
    SKIPPED_HIDDEN = "{what}, not a report: skipped"
    UNREADABLE = "the file cannot be opened: {detail}"
    READER_OUT_OF_MEMORY = ("reading the {fmt} file needed more than the readers' memory limit of {limit} MiB; "
                            "not read (raise it with --reader-memory-mb or SVODKA_READER_MEMORY_MB)")
    READER_TIMEOUT = ("reading the {fmt} file took longer than {limit:g} s and was stopped "
                      "(raise the limit with --reader-timeout or SVODKA_READER_TIMEOUT)")
    READER_CRASHED = "the {fmt} reader crashed on this file ({detail}); the other files were read"
    INTERNAL = "svodka failed on this document ({detail}); please report it"

    @property
    def code(self) -> str:
        return self.name

    def format(self, **kwargs: object) -> str:  # type: ignore[override]
        return self.value.format(**kwargs)


# errors of the moment (a limit of this run, a crash), not of the file's bytes: never
# cached, so a later run reads the file again
TRANSIENT = frozenset({"INTERNAL", "READER_OUT_OF_MEMORY", "READER_TIMEOUT", "READER_CRASHED"})


class DocumentError(Exception):
    """Raised inside a reader; the runner turns it into an error row."""

    def __init__(self, error: E, **kwargs: object) -> None:
        self.error = error
        self.message = error.format(**kwargs)
        super().__init__(self.message)

    @property
    def code(self) -> str:
        return self.error.code


class RuleError(Exception):
    """A rule file in models/ is malformed; raised before any document is read."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # raised in a worker, it reaches the runner whole
        return RuleError, (self.path, self.line, self.message)


class UsageError(Exception):
    """The user asked for something that cannot be done as asked (exit 2, nothing changed)."""


class RunFailed(Exception):
    """The run itself failed (not one document): nothing is written, the tables in
    place stay as they were, and the command exits 1 with this message."""
