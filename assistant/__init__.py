"""Local, cited question answering over a multilingual document corpus."""
from .errors import AssistantError, BackendUnavailable, IndexMissing, IndexUnavailable, UsageError
from .schema import Answer, Chunk, Citation, Hit
from .settings import Settings

__all__ = [
    "Answer", "Assistant", "AssistantError", "BackendUnavailable", "Chunk", "Citation", "Hit",
    "IndexMissing", "IndexUnavailable", "Settings", "UsageError",
]


def __getattr__(name: str):
    """``Assistant`` is imported on first use: importing it loads llama-index, Chroma and the e5
    model's runtime (~1.5 s), which ``assistant ask`` overlaps with loading the gate's model
    (``cli.JudgeAhead``), and ``assistant token`` never needs."""
    if name == "Assistant":
        from .core import Assistant

        return Assistant
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
