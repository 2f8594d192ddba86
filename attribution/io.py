"""Reading and writing documents in the gold JSONL format, with located errors.

One document a line: ``{"doc_id", "text", "attributions": [...]}``. A bad line is refused
with the file, line, document and record it is in. Writes are atomic (a temporary file in the
same folder, then ``os.replace``), so a failed run never leaves half a file over a good one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from attribution.errors import AttributionError, InputError
from attribution.types import Document

__all__ = ["read_documents", "iter_documents", "write_documents", "write_text_atomic", "parse_line"]


def parse_line(line: str, *, path: str, lineno: int) -> dict[str, Any]:
    """One JSONL line as a JSON object, or an :class:`InputError` naming file and line."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{path}:{lineno}: invalid JSON at column {err.colno}: {err.msg}", path=path, line=lineno
        ) from None
    if not isinstance(value, dict):
        raise InputError(
            f"{path}:{lineno}: expected a JSON object, got {type(value).__name__}",
            path=path,
            line=lineno,
        )
    return value


def iter_documents(path: str | os.PathLike[str]) -> Iterator[Document]:
    """Documents of a gold-format JSONL file, in order; blank lines are skipped."""
    name = str(path)
    try:
        handle = open(path, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{name}: cannot open: {err.strerror}", path=name) from None
    with handle:
        lineno = 0
        try:
            for lineno, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                data = parse_line(line, path=name, lineno=lineno)
                try:
                    yield Document.from_dict(data)
                except AttributionError as err:
                    raise err.located(path=name, line=lineno) from None
        except UnicodeDecodeError as err:
            raise InputError(
                f"{name}:{lineno + 1}: not UTF-8 ({err.reason})", path=name, line=lineno + 1
            ) from None


def read_documents(path: str | os.PathLike[str]) -> list[Document]:
    """All documents of a JSONL file; refuses duplicate doc_ids (they would be scored twice)."""
    documents = list(iter_documents(path))
    seen: set[str] = set()
    for document in documents:
        if document.doc_id in seen:
            raise InputError(f"{path}: document {document.doc_id!r} appears twice", path=str(path))
        seen.add(document.doc_id)
    return documents


def write_text_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` to ``path`` so that readers see the old file or the new, never half."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_documents(path: str | os.PathLike[str], documents: Iterable[Document]) -> None:
    """Write documents as JSONL, atomically."""
    lines = [json.dumps(doc.to_dict(), ensure_ascii=False) + "\n" for doc in documents]
    write_text_atomic(path, "".join(lines))
