"""Read the corpus folder: which files are text, and what they say.

Files that cannot be read as text are skipped with a warning that names them and the fix; one bad
file never stops the others from being indexed. Text is UTF-8; a file in another encoding
(Latin-1, GB18030, ...) is read when its encoding can be told from its bytes, else skipped.
PDF, DOCX, HTML and Markdown files are read by ``ingest/readers`` (one module per format, picked
by suffix). Stored offsets count characters of the *extracted* text, which indexing stores with
the index generation (``index/texts.py``); ``read_source`` extracts it again from the file.
"""
from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import UsageError

log = logging.getLogger(__name__)

# Legacy encodings of the corpus languages that are still met. A closed list, because a detector
# asked to consider every code page finds *some* reading of any bytes (French Latin-1 was read as
# Central European cp1250 in trials: "après" became "aprčs").
LEGACY_ENCODINGS = ("cp1252", "gb18030", "big5", "cp932", "euc_kr", "cp1251")
MIN_DETECT_BYTES = 48  # below this, a guess is a coin toss ("libéré" came out as UTF-16)
MAX_CHAOS = 0.1  # charset-normalizer's mess ratio of the decoded text
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class SourceFile:
    source: str  # path relative to the corpus dir, with forward slashes
    text: str
    file_hash: str
    encoding: str = "utf-8"
    pages: tuple[tuple[int, int, int], ...] = ()  # (page, start, end) of ``text``; () = page 1 throughout

    @property
    def page_map(self) -> tuple[tuple[int, int, int], ...]:
        return self.pages or ((1, 0, len(self.text)),)


class NotText(ValueError):
    """Why the bytes of a file are not text this reader can index."""


def content_hash(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:32]


def decode(raw: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a file's bytes; raises ``NotText`` saying why not.

    UTF-8 text is exactly what ``Path.read_text(encoding="utf-8")`` gives (newlines translated
    the same way); UTF-16 needs its byte-order mark; anything else is detected, never guessed.
    """
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _strict(raw, "utf-16"), "utf-16"
    elif b"\x00" in raw[:8192]:
        raise NotText("binary, not text")
    else:
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:
            if _damaged_utf8(raw):
                raise NotText(f"invalid UTF-8 at byte {e.start}: repair it or save it as UTF-8") from None
            text, encoding = _detect(raw)
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def _strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise NotText(f"not valid {encoding}: save it as UTF-8") from None


def _damaged_utf8(raw: bytes) -> bool:
    """UTF-8 with a few bad bytes, rather than another encoding: nearly all of its non-ASCII
    bytes form UTF-8 sequences (about 40% do by accident in GB18030 Chinese, none in Latin-1)."""
    high = sum(1 for b in raw if b >= 0x80)
    return sum(len(m) for m in _UTF8_SEQUENCE.findall(raw)) >= 0.8 * high


def _detect(raw: bytes) -> tuple[str, str]:
    import charset_normalizer

    unknown = "not UTF-8, and its encoding cannot be told apart: save it as UTF-8"
    if len(raw) < MIN_DETECT_BYTES:
        raise NotText(unknown)
    best = charset_normalizer.from_bytes(raw, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise NotText(unknown)
    text = _strict(raw, best.encoding)
    if _CONTROL.search(text):  # bytes that decode, but are not prose
        raise NotText("binary, not text")
    return text, best.encoding


def corpus_paths(corpus_dir: Path) -> tuple[list[Path], list[str]]:
    """Files under the corpus dir, sorted, and a warning for each path left out: symlinks that
    leave the dir or loop, and anything that is not a regular file (a FIFO would block reading)."""
    if not corpus_dir.is_dir():
        raise UsageError(
            f"corpus folder {str(corpus_dir)!r} does not exist: "
            "set ASSISTANT_CORPUS_DIR or --corpus to a folder of text files"
        )
    root = corpus_dir.resolve()
    paths, warnings = [], []
    for dirpath, dirnames, filenames in os.walk(root):  # never descends into linked folders
        for d in sorted(dirnames):
            if not d.startswith(".") and (Path(dirpath) / d).is_symlink():
                warnings.append(f"skipped {(Path(dirpath) / d).relative_to(root).as_posix()}/: a linked folder (not followed)")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (Path(dirpath) / d).is_symlink())
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            try:
                inside = path.resolve(strict=True).is_relative_to(root)
            except (OSError, RuntimeError) as e:  # a loop (RuntimeError before Python 3.13), a dangling link
                warnings.append(f"skipped {rel}: {'a symlink loop' if 'loop' in str(e) else 'a broken link'}")
                continue
            if not inside:
                warnings.append(f"skipped {rel}: a link to a file outside the corpus (not followed)")
            elif not path.is_file():
                warnings.append(f"skipped {rel}: not a regular file")
            else:
                paths.append(path)
    return paths, warnings


def read_file(path: Path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` of a file; raises ``NotText`` when it is larger."""
    with open(path, "rb") as f:
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise NotText(f"larger than {max_bytes / 1e6:g} MB: raise ASSISTANT_MAX_FILE_MB to index it")
    return raw


def read_corpus(corpus_dir: Path, max_bytes: int = 5_000_000, limits=None) -> tuple[list[SourceFile], list[str]]:
    """The readable files of the corpus, and one warning per skipped file."""
    from .readers import Limits

    limits = limits or Limits()
    root = corpus_dir.resolve()
    paths, warnings = corpus_paths(corpus_dir)
    files = []
    for path in paths:
        read = read_one(root, path, max_bytes, limits)
        if isinstance(read, str):
            warnings.append(read)
        else:
            files.append(read)
    for w in warnings:
        log.warning(w)
    return files, warnings


def read_one(root: Path, path: Path, max_bytes: int, limits) -> SourceFile | str:
    """One file of the corpus read, or the warning that says why it is skipped."""
    from .readers import read_document

    rel = path.relative_to(root).as_posix()
    try:
        raw = read_file(path, max_bytes)
        document = read_document(rel, raw, limits)
    except OSError as e:
        return f"skipped {rel}: cannot read it ({e.strerror}): check its permissions"
    except NotText as e:
        return f"skipped {rel}: {e}"
    if not document.text.strip():
        return f"skipped {rel}: empty"
    if document.encoding not in ("utf-8", ""):
        log.info("read %s as %s", rel, document.encoding)
    return SourceFile(rel, document.text, content_hash(raw), document.encoding, document.pages)


def corpus_file(corpus_dir: Path, source: str) -> Path:
    """The file a stored source name points to, only if it lies inside the corpus.

    Source names come from the index, which may be shared (a Chroma server): a crafted name
    (``../x``, ``/etc/passwd``, a link leading out) must not open a file elsewhere.
    """
    root = corpus_dir.resolve()
    name = PurePosixPath(source)
    refused = UsageError(f"{source!r} is not a file of the corpus: re-index with `assistant index`")
    if not source or "\x00" in source or "\\" in source or name.is_absolute() or ".." in name.parts:
        raise refused
    try:
        path = (root / name).resolve(strict=True)
    except (OSError, RuntimeError):
        raise refused from None
    if not path.is_relative_to(root) or not path.is_file():
        raise refused
    return path


MAX_NAME_CHARS = 200


def check_new_name(name: str) -> str:
    """A name a new corpus file may take: one plain, visible file name, nothing that points
    elsewhere (``../x``, ``/etc/x``, ``a/b``, ``C:\\x``) or that indexing would skip (``.hidden``)."""
    name = (name or "").strip()
    if not name or name in (".", "..") or "/" in name or "\\" in name or ":" in name:
        raise UsageError(f"{name!r} is not a plain file name: send a name such as notes.txt, without folders")
    if name.startswith("."):
        raise UsageError(f"{name!r} is a hidden name, which indexing skips: send a name that does not start with a dot")
    if len(name) > MAX_NAME_CHARS or any(ord(c) < 32 or 0x7f <= ord(c) <= 0x9f for c in name):
        raise UsageError(f"the file name is too long or holds control characters: send a name of at most "
                         f"{MAX_NAME_CHARS} visible characters")
    return name


def read_source(corpus_dir: Path, source: str, limits=None) -> tuple[str, str]:
    """``(text, file_hash)`` of a corpus file, extracted again as indexing extracted it. Answers
    read the stored copy instead (``index/texts.py``: ``extracted_text``), which parses nothing."""
    from .readers import Limits, read_document

    raw = corpus_file(corpus_dir, source).read_bytes()
    try:
        return read_document(source, raw, limits or Limits()).text, content_hash(raw)
    except NotText as e:
        raise UsageError(f"{source} can no longer be read ({e}): run `assistant index`") from None
