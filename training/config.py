"""Typed run configurations read from TOML: every field has a default with its reason beside it
in the dataclass, and a run's config is saved next to its checkpoints."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def load_config(cls: type[T], path: str | Path | None = None, **overrides: Any) -> T:
    """``cls`` filled from a TOML file (unknown keys are an error), then from overrides."""
    values: dict[str, Any] = {}
    if path is not None:
        with open(path, "rb") as handle:
            values = tomllib.load(handle)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(values) - names)
    if unknown:
        raise ValueError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(names))}")
    values.update({k: v for k, v in overrides.items() if v is not None})
    return cls(**values)


def to_toml(config: Any) -> str:
    lines = []
    for f in dataclasses.fields(config):
        value = getattr(config, f.name)
        if value is None:
            continue
        if isinstance(value, bool):
            rendered = "true" if value else "false"
        elif isinstance(value, (int, float)):
            rendered = repr(value)
        elif isinstance(value, (list, tuple)):
            rendered = "[" + ", ".join(f'"{v}"' if isinstance(v, str) else repr(v) for v in value) + "]"
        else:
            rendered = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        lines.append(f"{f.name} = {rendered}")
    return "\n".join(lines) + "\n"
