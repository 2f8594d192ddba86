"""Arabic who-said-what extraction: attributions with exact character offsets."""

from attribution.errors import AttributionError, InputError, ModelLoadError, SchemaError, SpanError
from attribution.types import Attribution, Document, Kind, Span
from attribution.extractor import Extractor, extract

__all__ = [
    "Attribution",
    "AttributionError",
    "Document",
    "Extractor",
    "extract",
    "InputError",
    "Kind",
    "ModelLoadError",
    "SchemaError",
    "Span",
    "SpanError",
]
__version__ = "0.1.0"
