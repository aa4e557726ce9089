"""OCR of a scanned PDF page with Tesseract, when it is installed (Debian's ``tesseract-ocr``).

A page without a text layer is rendered by pypdfium2 and read by the ``tesseract`` command.
Which language data it reads with is chosen from the page's script, told by Tesseract's own
orientation and script detection (``--psm 0``): Han → ``chi_sim``, Latin → ``eng+fra+ind``
(the corpus languages of that script), Cyrillic → ``rus`` when installed; a page whose script
cannot be told is read with every corpus language installed. Chinese comes back from Tesseract
with a space between characters, which is removed.

Without the command (or without the language data) a scanned page is skipped with a warning that
names the install command (``readers/pdf.py``).
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

INSTALL = ("apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra tesseract-ocr-ind "
           "tesseract-ocr-chi-sim")
BY_SCRIPT = {"Han": ["chi_sim"], "Latin": ["eng", "fra", "ind"], "Cyrillic": ["rus"]}
CORPUS_LANGUAGES = ["eng", "fra", "ind", "chi_sim"]
PAGE_SECONDS = 120  # one page's OCR, at most
SCALE = 300 / 72  # render at 300 dpi: what Tesseract is trained for
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]) +(?=[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef])")


class OcrUnavailable(RuntimeError):
    """Tesseract, or the language data a page needs, is not installed: the message says how."""


@functools.lru_cache(maxsize=1)
def installed() -> frozenset[str]:
    """The language data Tesseract has here (empty when the command is missing)."""
    if not shutil.which("tesseract"):
        return frozenset()
    done = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def script(image_path: Path) -> str | None:
    """The page's script by Tesseract's OSD ("Latin", "Han", ...), or None if it cannot tell."""
    if "osd" not in installed():
        return None
    done = subprocess.run(["tesseract", str(image_path), "-", "--psm", "0"], capture_output=True, text=True,
                          timeout=PAGE_SECONDS)
    found = re.search(r"^Script:\s*(\w+)", done.stdout, re.M)
    return found.group(1) if found else None


def languages_for(found_script: str | None) -> list[str]:
    have = installed()
    wanted = [lang for lang in BY_SCRIPT.get(found_script or "", []) if lang in have]
    return wanted or [lang for lang in CORPUS_LANGUAGES if lang in have]


def ocr_page(page) -> str:
    """The text of one pypdfium2 page, read from its image. Raises ``OcrUnavailable``."""
    if not installed():
        raise OcrUnavailable(f"no text layer and no OCR: install Tesseract ({INSTALL})")
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        image = Path(tmp) / "page.png"
        page.render(scale=SCALE, grayscale=True).to_pil().save(image)
        langs = languages_for(script(image))
        if not langs:
            raise OcrUnavailable(f"no text layer, and Tesseract has no language data for it: {INSTALL}")
        done = subprocess.run(["tesseract", str(image), "-", "-l", "+".join(langs), "--psm", "3"],
                              capture_output=True, text=True, timeout=PAGE_SECONDS)
    if done.returncode:
        raise OcrUnavailable(f"Tesseract failed on the page ({done.stderr.strip()[:120]})")
    return _CJK_SPACE.sub("", done.stdout).strip()
