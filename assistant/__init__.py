"""Local, cited question answering over a multilingual document corpus."""
from .core import Assistant
from .errors import AssistantError, BackendUnavailable, IndexMissing, IndexUnavailable, UsageError
from .schema import Answer, Chunk, Citation, Hit
from .settings import Settings

__all__ = [
    "Answer", "Assistant", "AssistantError", "BackendUnavailable", "Chunk", "Citation", "Hit",
    "IndexMissing", "IndexUnavailable", "Settings", "UsageError",
]
