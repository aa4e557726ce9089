"""Read the corpus folder: which files are text, and what they say.

Files that cannot be read as text are skipped with a warning that names them; one bad file never
stops the others from being indexed.
"""
from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceFile:
    source: str  # path relative to the corpus dir, with forward slashes
    text: str
    file_hash: str


def content_hash(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:32]


def decode(raw: bytes) -> str | None:
    """The text of a file as ``Path.read_text(encoding="utf-8")`` gives it, or None.

    Offsets are counted in this text, so newlines are translated the same way.
    """
    if b"\x00" in raw[:8192]:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def corpus_paths(corpus_dir: Path) -> list[Path]:
    """Regular files under the corpus dir, sorted; symlinks that leave the dir are not followed."""
    if not corpus_dir.is_dir():
        raise UsageError(
            f"corpus folder {str(corpus_dir)!r} does not exist: "
            "set ASSISTANT_CORPUS_DIR or --corpus to a folder of text files"
        )
    root = corpus_dir.resolve()
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    log.warning("skipped %s: a link to a file outside the corpus", name)
                    continue
            paths.append(path)
    return paths


def read_corpus(corpus_dir: Path) -> tuple[list[SourceFile], list[str]]:
    """The readable files of the corpus, and one warning per skipped file."""
    root = corpus_dir.resolve()
    files, warnings = [], []
    for path in corpus_paths(corpus_dir):
        rel = path.relative_to(root).as_posix()
        try:
            raw = path.read_bytes()
        except OSError as e:
            warnings.append(f"skipped {rel}: cannot read it ({e.strerror})")
            continue
        text = decode(raw)
        if text is None:
            warnings.append(f"skipped {rel}: not UTF-8 text")
        elif not text.strip():
            warnings.append(f"skipped {rel}: empty")
        else:
            files.append(SourceFile(rel, text, content_hash(raw)))
    for w in warnings:
        log.warning(w)
    return files, warnings
