"""Streamed digests agree with git and hashlib; the digest cache saves work but never lies."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest

from upscaler.core import hashing
from upscaler.core.hashing import DigestCache, digest_file, git_blob_sha1


def test_git_blob_sha1_matches_git(tmp_path: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 41 + b"tail")
    expected = subprocess.run(
        [git, "hash-object", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert git_blob_sha1(path.read_bytes()) == expected
    assert digest_file(path).git_sha1 == expected


def test_streamed_digest_equals_whole_file_digest(tmp_path: Path) -> None:
    data = os.urandom(10_000)
    path = tmp_path / "f"
    path.write_bytes(data)
    digest = digest_file(path, chunk_size=7)  # many uneven chunks
    assert digest.size == 10_000
    assert digest.sha256 == hashlib.sha256(data).hexdigest()
    assert digest.git_sha1 == git_blob_sha1(data)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert digest_file(path).git_sha1 == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # git's empty


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every real hashing pass the cache makes."""
    calls: list[Path] = []
    real = hashing.digest_file

    def counting(path: Path, chunk_size: int = hashing.CHUNK_SIZE):
        calls.append(Path(path))
        return real(path, chunk_size)

    monkeypatch.setattr(hashing, "digest_file", counting)
    return calls


def test_cache_hashes_once_and_persists(tmp_path: Path, counted: list[Path]) -> None:
    path = tmp_path / "model.pb"
    path.write_bytes(b"abc" * 1000)
    cache_file = tmp_path / "cache" / "digests.json"
    first = DigestCache(cache_file).digest(path)
    assert DigestCache(cache_file).digest(path) == first  # a new process reads the file
    assert counted == [path]
    assert first.sha256 == hashlib.sha256(b"abc" * 1000).hexdigest()


def test_cache_rehashes_changed_file_and_on_request(tmp_path: Path, counted: list[Path]) -> None:
    path = tmp_path / "model.pb"
    path.write_bytes(b"one")
    cache = DigestCache(tmp_path / "digests.json")
    cache.digest(path)
    path.write_bytes(b"two, longer")
    assert cache.digest(path).sha256 == hashlib.sha256(b"two, longer").hexdigest()
    cache.digest(path, fresh=True)
    assert len(counted) == 3


def test_damaged_cache_file_is_ignored(tmp_path: Path, counted: list[Path]) -> None:
    path = tmp_path / "model.pb"
    path.write_bytes(b"data")
    cache_file = tmp_path / "digests.json"
    cache_file.write_text("{ not json")
    assert DigestCache(cache_file).digest(path).size == 4
    assert DigestCache(cache_file).digest(path).size == 4  # rewritten, now usable
    assert len(counted) == 1


def test_unwritable_cache_location_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    path = tmp_path / "model.pb"
    path.write_bytes(b"data")
    cache = DigestCache(blocker / "digests.json")
    assert cache.digest(path).sha256 == hashlib.sha256(b"data").hexdigest()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "model.pb"]


@pytest.mark.slow
def test_digest_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.pb"
    with open(path, "wb") as fh:
        for _ in range(24):
            fh.write(os.urandom(1 << 20))
    tracemalloc.start()
    try:
        digest_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 << 20  # one 1 MiB chunk at a time, not the 24 MiB file
