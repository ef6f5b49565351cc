"""Whatever files users feed unkg: each bad one gets a one-line error naming it, and the good ones still build.

Every case is generated in ``tmp_path``. The reader cases run :func:`kg.read.read_document`; the folder cases
run ``kg build`` in a subprocess, as a user would, on a folder holding the sample and bad files side by side.
"""
from __future__ import annotations

import json
import logging
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.namespace import DCTERMS

import kg.read
from kg.errors import DocumentError
from kg.read import MAX_DOCUMENT_BYTES, read_document, read_document_parts
from tests.data import SAMPLE

KG = str(Path(sys.executable).parent / "kg")
ZH = "人居署 与 环境署 在 内罗毕 合作 。\n会议 通过 了 第22/8 号 决议 。\n"
MIXED = "人居署 与 UN-Habitat 合作 。 Привет мир ، مرحبا بالعالم 😀 𠀀 e\u0301te\u0301 ﷺ 🇺🇳 Ελλάδα ไทย\n"


def _noise(size: int, seed: int = 8) -> bytes:
    return random.Random(seed).randbytes(size)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# name → the file's bytes and the problem its error names (one line, naming the file).
REFUSED = {
    "empty": (b"", "empty file"),
    "whitespace only": (b"  \n\t\r\n  \n", "empty file"),
    "UTF-16 whitespace only": ("  \n \n".encode("utf-16"), "no text"),
    "random bytes": (_noise(20000), "binary file"),
    "PNG": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _noise(3000), "binary file"),
    "ELF": (b"\x7fELF\x02\x01\x01" + bytes(9) + _noise(3000), "binary file"),
    "gzip": (b"\x1f\x8b\x08\x00" + _noise(3000), "binary file"),
    "all byte values": (bytes(range(256)) * 8, "binary file"),
    "many control characters": (b"".join(b"ab\x01\x02\x03" for _ in range(400)), "binary file"),
    "Latin-1": ("Le Programme des Nations Unies pour l'environnement a coopéré à Genève.".encode("latin-1"),
                "not UTF-8 text (invalid byte at offset 58); convert it to UTF-8"),
    "Big5": ("人居署 與 環境署 在 內羅畢 合作 。 會議 通過 了 決議 。".encode("big5"), "not UTF-8 text"),
    "Shift-JIS": ("国連人間居住計画は国連環境計画と協力した。会議は決議を採択した。".encode("shift_jis"), "not UTF-8 text"),
    "invalid byte inside UTF-8": (ZH.encode() + b"\xff" + ZH.encode(), "not UTF-8 text (invalid byte at offset 90)"),
    "invalid UTF-16 with BOM": ("人居署".encode("utf-16") + b"\x00\xdc" + "合作".encode("utf-16-le"),
                                "not UTF-16 text (invalid byte at offset 8)"),
    "header only": ("%%%HUMAN SETTLEMENTS|CLIMATE CHANGE\n\n  \n".encode(), "no text after the %%% header"),
    "header only, no newline": (b"%%%HUMAN SETTLEMENTS", "no text after the %%% header"),
}

# name → the file's bytes and the text it holds.
READ = {
    "UTF-8 with BOM": (b"\xef\xbb\xbf" + ZH.encode(), ZH),
    "UTF-16 LE with BOM": (ZH.encode("utf-16"), ZH),
    "UTF-16 BE with BOM": (b"\xfe\xff" + ZH.encode("utf-16-be"), ZH),
    "UTF-16 LE without BOM": (ZH.encode("utf-16-le"), ZH),
    "UTF-16 BE without BOM": (ZH.encode("utf-16-be"), ZH),
    "English UTF-16 without BOM": ("UN-Habitat worked with UNEP in Nairobi.\n".encode("utf-16-le"),
                                   "UN-Habitat worked with UNEP in Nairobi.\n"),
    "UTF-32 with BOM": (ZH.encode("utf-32"), ZH),
    "GBK": (ZH.encode("gbk"), ZH),
    "GB18030 beyond GBK": ((ZH + "欧元 € 和 𠀀 。\n").encode("gb18030"), ZH + "欧元 € 和 𠀀 。\n"),
    "mixed scripts": (MIXED.encode(), MIXED),
    "mixed line endings": ("人居署 与 环境署 合作 。\r\n会议\r举行 。\n".encode(), "人居署 与 环境署 合作 。\n会议\n举行 。\n"),
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / (re.sub(r"\W+", "-", name) + ".txt")
    path.write_bytes(data)
    return path


def _refused(path: Path, **options: object) -> str:
    with pytest.raises(DocumentError) as info:
        read_document(path, **options)  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@pytest.mark.parametrize("name", REFUSED)
def test_bad_file_is_one_line_naming_it(tmp_path: Path, name: str) -> None:
    data, problem = REFUSED[name]
    assert problem in _refused(_write(tmp_path, name, data))


@pytest.mark.parametrize("name", READ)
def test_other_encodings_and_scripts_are_read(tmp_path: Path, name: str) -> None:
    data, text = READ[name]
    document = read_document(_write(tmp_path, name, data))
    assert _flat("".join(p.text for p in document.paragraphs)) == _flat(text)
    assert document.language == ("en" if name.startswith("English") else "zh")


def _streamed(path: Path) -> list:
    """A file read as a big one is: in chunks of a few bytes (cut inside characters), in parts of a paragraph."""
    return list(read_document_parts(path, stream_bytes=0, part_chars=1))


@pytest.mark.parametrize("name", REFUSED)
def test_bad_file_streamed_is_refused_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(kg.read, "_CHUNK_BYTES", 3)
    path = _write(tmp_path, name, REFUSED[name][0])
    with pytest.raises(DocumentError) as info:
        _streamed(path)
    assert str(info.value) == _refused(path)


@pytest.mark.parametrize("name", READ)
def test_other_encodings_streamed_are_read_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(kg.read, "_CHUNK_BYTES", 3)
    path = _write(tmp_path, name, READ[name][0])
    assert tuple(p for part in _streamed(path) for p in part.paragraphs) == read_document(path).paragraphs


@pytest.mark.parametrize("streamed", [False, True], ids=["whole", "streamed"])
def test_truncated_file_drops_the_cut_character_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                                streamed: bool) -> None:
    """A copy cut mid-character keeps all its whole characters (decision: read, warn, drop the partial one)."""
    for codec in ("utf-8", "utf-16", "gb18030"):
        path = _write(tmp_path, f"cut {codec}", ZH.rstrip("\n").encode(codec)[:-1])
        with caplog.at_level(logging.WARNING, logger="kg.read"):
            paragraphs = [p for part in _streamed(path) for p in part.paragraphs] if streamed else list(
                read_document(path).paragraphs)
        assert _flat(paragraphs[-1].text) == _flat(ZH.splitlines()[-1])[:-1]
        warning = caplog.records[-1].getMessage()
        assert warning.startswith(f"{path}: ends in the middle of a character") and "\n" not in warning


def test_stray_control_characters_become_spaces(tmp_path: Path) -> None:
    text = "人居署\x01 与 环境署\x08 合作\x1b[0m 。\x00\x7f\x9b\ufffe\n会议 举行\x0b了 。\x0c\n"
    document = read_document(_write(tmp_path, "controls", (text + ZH * 10).encode()))  # 2 % controls
    joined = "".join(p.text for p in document.paragraphs)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe]", joined)
    assert "人居署" in joined and "[0m" in joined and "举行" in joined


def test_not_a_regular_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "is a folder" in _refused(folder)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in _refused(fifo)  # refused before opening: opening a pipe would block
    assert "not a regular file" in _refused(Path("/dev/zero"))  # would never end
    assert "no such file" in _refused(tmp_path / "missing.txt")
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert "cannot be read" in _refused(loop)
    with pytest.raises(DocumentError, match="not a regular file"):
        _streamed(fifo)


def test_build_refuses_a_pipe_named_on_the_command_line(tmp_path: Path) -> None:
    """Not opened, not hashed (opening a pipe waits for a writer): one line, and the other file is built."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = _write(tmp_path, "good", ZH.encode())
    for jobs in ("1", "2"):
        done = subprocess.run([KG, "build", str(fifo), str(good), "--out", str(tmp_path / "out"), "--jobs", jobs],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1
        assert f"Error: {fifo}: not a regular file (a device, pipe or socket)" in done.stderr.splitlines()
        assert "documents: 1 " in done.stdout and "Traceback" not in done.stderr


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = _write(tmp_path, "big", ZH.encode() * 100)
    message = _refused(path, max_bytes=1000)
    assert "0.0 MB is more than the 0.001 MB limit for a text file read whole; kg build streams text files" in message
    assert read_document(path, max_bytes=path.stat().st_size).paragraphs
    assert [len(part.paragraphs) for part in read_document_parts(path, max_bytes=1000)] == [200]
    page = tmp_path / "big.html"
    page.write_bytes(b"<html><body><p>" + ZH.encode() * 100 + b"</p></body></html>")
    with pytest.raises(DocumentError, match="limit for a html file read whole; kg build --max-file-mb raises"):
        list(read_document_parts(page, max_bytes=1000))
    assert MAX_DOCUMENT_BYTES == 32_000_000


def test_40_mb_text_file_is_read_in_parts_with_bounded_memory(tmp_path: Path) -> None:
    """Over the 32 MB limit of the formats read whole; reading it whole took about 8x its size (330 MB)."""
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        block = ("\n".join(f"{n}. {ZH}" for n in range(1, 1000)) + "\n").encode() * 10
        while handle.tell() < 40_000_000:
            handle.write(block)
    script = ("import json, resource, sys\n"
              "from kg.read import read_document_parts\n"
              "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "parts = paragraphs = 0\n"
              "for part in read_document_parts(sys.argv[1]):\n"
              "    parts += 1; paragraphs += len(part.paragraphs)\n"
              "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "print(json.dumps({'grew_kb': peak - base, 'parts': parts, 'paragraphs': paragraphs}))\n")
    done = subprocess.run([sys.executable, "-c", script, str(big)], capture_output=True, text=True, check=True,
                          timeout=600)
    figures = json.loads(done.stdout)
    print(f"40 MB file: {figures['parts']} parts, {figures['paragraphs']} paragraphs; "
          f"peak memory grew {figures['grew_kb'] / 1024:.1f} MB")
    assert figures["parts"] > 10 and figures["paragraphs"] > 100_000
    assert figures["grew_kb"] < 40 * 1024


def test_very_long_line_is_read_and_extracted(tmp_path: Path, extractor) -> None:
    """One 100,000-character paragraph (no line break) of text with a few names in it. (Extraction time grows
    faster than linearly with a paragraph's mentions: 400,000 characters took 42 s; reported to the lead.)"""
    words = ["合作", "发展", "城市", "住房", "可持续", "规划", "会议", "报告", "Nairobi", "2009", "，"]
    rng = random.Random(3)
    line = " ".join(rng.choice(words) for _ in range(33_000))
    line = "人居署 与 环境署 合作 。 " + line[:100_000] + " 。"
    document = read_document(_write(tmp_path, "long line", line.encode()))
    assert len(document.paragraphs) == 1 and len(document.paragraphs[0].text) > 100_000
    graph = extractor.extract(document)
    assert ("id/UN-Habitat", "partners-with", "id/UNEP") in {
        (r.subject.iri[-13:], r.predicate, r.object.iri[-7:]) for r in graph.relations}


def test_paragraph_longer_than_the_pipeline_limit(tmp_path: Path, extractor) -> None:
    path = _write(tmp_path, "huge paragraph", ("发展 城市 住房 " * 130_000).encode())
    with pytest.raises(DocumentError, match="split it into paragraphs") as error:
        extractor.extract(read_document(path))
    assert str(error.value).startswith(f"{path}: ")


@pytest.fixture(scope="module")
def folder_build(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``kg build`` on a folder of 1,000 files: the sample, every bad file above, others read despite their
    encoding, a file over the size limit, and small good documents; each good document numbered."""
    root = tmp_path_factory.mktemp("folder")
    inputs = root / "in"
    inputs.mkdir()
    (inputs / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    bad = {_write(inputs, f"bad {name}", data): problem for name, (data, problem) in REFUSED.items()}
    big = inputs / "too-big.html"
    with big.open("wb") as handle:
        handle.write(b"<html><body>")
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: its size alone refuses it
    bad[big] = "32.0 MB is more than the 32 MB limit for a html file read whole"
    zeros = inputs / "big-zeros.txt"
    with zeros.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # a text file that size is streamed: its first chunk refuses it
    bad[zeros] = "binary file, not text"
    good = [SAMPLE.name] + [_write(inputs, f"good {name}", data).name for name, (data, _) in READ.items()
                            if not name.startswith("English")]  # the ontology has no English rules yet
    cut = _write(inputs, "good truncated", ZH.encode()[:-2])
    good.append(cut.name)
    (inputs / "not-a-document.bin").write_bytes(_noise(100))  # not an input suffix: not even tried
    (inputs / "sub.txt").mkdir()  # a folder with a document's name: not a file, skipped
    while len(list(inputs.glob("*.txt"))) < 1000:  # less the folder sub.txt, plus too-big.html
        name = f"doc-{len(good):04d}.txt"
        (inputs / name).write_text(f"人居署 与 环境署 在 内罗毕 合作 。 编号 {len(good)}\n", encoding="utf-8")
        good.append(name)
    out = root / "out"
    done = subprocess.run([KG, "build", str(inputs), "--out", str(out), "--quiet"], capture_output=True, text=True,
                          timeout=600)
    return {"done": done, "bad": bad, "good": good, "out": out, "cut": cut}


def test_folder_of_1000_files_names_each_bad_one_and_builds_the_rest(folder_build: dict) -> None:
    done, bad, good = folder_build["done"], folder_build["bad"], folder_build["good"]
    assert len(bad) + len(good) == 1000
    print(f"folder: {len(bad) + len(good)} files, {len(bad)} bad, {len(good)} built")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == len(bad)
    for path, problem in bad.items():
        assert [line for line in errors if line.startswith(f"Error: {path}: ")] == [
            line for line in errors if str(path) in line]
        assert any(line.startswith(f"Error: {path}: ") and problem in line for line in errors), path
    assert f"{len(bad)} of 1000 file(s) failed" in done.stderr
    warning = f"{folder_build['cut']}: ends in the middle of a character"
    assert sum(warning in line for line in done.stderr.splitlines()) == 1
    assert f"documents: {len(good)} " in done.stdout


def test_folder_outputs_hold_the_sample_and_parse(folder_build: dict) -> None:
    out = folder_build["out"]
    dataset = Dataset()
    dataset.parse(out / "graph.trig", format="trig")
    documents = {str(o) for _, _, o, _ in dataset.quads((None, DCTERMS.identifier, None, None))}
    assert "E/2009/100" in documents and "good-GBK" in documents
    documents = {name for name in documents if name.startswith("doc-")}
    assert len(documents) == sum(name.startswith("doc-") for name in folder_build["good"])
    rows = [json.loads(line) for line in (out / "triples.jsonl").read_text(encoding="utf-8").splitlines()]
    sample_rows = [r for r in rows if r["document"] == "E/2009/100" and r["predicate"] != "mentions"]
    assert len(sample_rows) > 100
    mixed = [r for r in rows if r["document"] == "good-mixed-scripts"]
    assert mixed and all("\x00" not in r["evidence"] for r in mixed)
