"""Errors the library raises, each able to say where the bad input is.

A bad gold or prediction file must be refused with the file, line, document and record that
are wrong, so every error carries those places when the caller knows them and prints them.
"""

from __future__ import annotations

__all__ = ["AttributionError", "SchemaError", "SpanError", "InputError", "ModelLoadError"]


class AttributionError(ValueError):
    """Base class: something in the input does not fit the record format."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        doc_id: str | None = None,
        record: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.doc_id = doc_id
        self.record = record

    def located(self, *, path: str | None = None, line: int | None = None) -> AttributionError:
        """The same error with the file and line it came from prefixed to its message."""
        where = ":".join(str(p) for p in (path, line) if p is not None)
        err = type(self)(
            f"{where}: {self.message}" if where else self.message,
            path=path,
            line=line,
            doc_id=self.doc_id,
            record=self.record,
        )
        return err


class SchemaError(AttributionError):
    """A field is missing, unknown or of the wrong type (including an unknown kind)."""


class SpanError(AttributionError):
    """A span does not cover the text it claims: ``text[start:end] != span.text``."""


class InputError(AttributionError):
    """An input file or line cannot be read at all (bad JSON, wrong encoding, not an object)."""


class ModelLoadError(AttributionError):
    """A model directory is missing, incomplete or corrupt."""
