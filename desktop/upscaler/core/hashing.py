"""File digests for model verification: streamed, computed once, remembered.

The catalog pins each model by byte size plus SHA-256 or git blob SHA-1 (upstream hosts publish
the latter). Both are computed in one streamed pass so a 38 MB EDSR graph is never held in memory,
and the result is cached per (path, size, mtime, inode) — in memory and in a small JSON file in the
user cache folder — so listing installed models does not rehash every file on every start.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path

from upscaler.core.fsutil import write_cache
from upscaler.core.paths import user_cache_dir

CHUNK_SIZE = 1 << 20
_CACHE_FORMAT = 1


@dataclass(frozen=True)
class FileDigest:
    """What a file's bytes are, independent of its name."""

    size: int
    sha256: str
    git_sha1: str


def git_blob_sha1(data: bytes) -> str:
    """The id git gives a file's content; upstream repositories publish it for every file."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def digest_file(path: Path, chunk_size: int = CHUNK_SIZE) -> FileDigest:
    """SHA-256 and git blob SHA-1 of a file in one streamed pass.

    Raises OSError if the file cannot be read or changes size while being read.
    """
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        sha256 = hashlib.sha256()
        sha1 = hashlib.sha1(b"blob %d\0" % size)
        done = 0
        while chunk := fh.read(chunk_size):
            sha256.update(chunk)
            sha1.update(chunk)
            done += len(chunk)
    if done != size:
        raise OSError(f"{path} changed size while it was being read")
    return FileDigest(size=size, sha256=sha256.hexdigest(), git_sha1=sha1.hexdigest())


def default_cache_file() -> Path:
    return user_cache_dir() / "model-digests.json"


def _stat_key(path: Path) -> tuple[str, list[int]]:
    st = path.stat()
    return str(path.resolve()), [st.st_size, st.st_mtime_ns, st.st_ino]


def _cached_digest(entry: object, stamp: list[int]) -> FileDigest | None:
    """The digest an entry holds for this stamp; None for a miss or an entry this version cannot
    read (another version's fields, a hand-edited file): then the file is simply hashed again."""
    if not isinstance(entry, dict) or entry.get("stamp") != stamp:
        return None
    try:
        return FileDigest(**entry["digest"])
    except (KeyError, TypeError):
        return None


class DigestCache:
    """Digests remembered per (path, size, mtime, inode); any change to the file forces a rehash.

    The cache file is advisory: if it is missing, unreadable or unwritable the digests are simply
    recomputed, never trusted from a broken cache.
    """

    def __init__(self, cache_file: Path | None = None) -> None:
        self._file = cache_file if cache_file is not None else default_cache_file()
        self._lock = threading.Lock()
        self._entries: dict[str, dict] | None = None

    def digest(self, path: Path, *, fresh: bool = False) -> FileDigest:
        """The file's digest, from the cache unless ``fresh`` or the file changed."""
        key, stamp = _stat_key(path)
        if not fresh:
            with self._lock:
                entry = self._load().get(key)
            cached = _cached_digest(entry, stamp)
            if cached is not None:
                return cached
        result = digest_file(path)
        self.remember(path, result)
        return result

    def remember(self, path: Path, result: FileDigest) -> None:
        """Record a digest computed elsewhere (e.g. while verifying a download before renaming)."""
        key, stamp = _stat_key(path)
        if stamp[0] != result.size:
            return
        with self._lock:
            entries = self._load()
            entries[key] = {"stamp": stamp, "digest": asdict(result)}
            self._save(entries)

    def _load(self) -> dict[str, dict]:
        if self._entries is None:
            self._entries = {}
            try:
                data = json.loads(self._file.read_text(encoding="utf-8"))
                if data.get("format") == _CACHE_FORMAT and isinstance(data.get("files"), dict):
                    self._entries = data["files"]
            except (OSError, ValueError, AttributeError):
                pass
        return self._entries

    def _save(self, entries: dict[str, dict]) -> None:
        # Drop entries of files that no longer exist so the cache cannot grow without bound.
        live = {k: v for k, v in entries.items() if os.path.exists(k)}
        payload = json.dumps({"format": _CACHE_FORMAT, "files": live}, indent=0)
        with suppress(OSError):  # an unwritable cache only costs a rehash next time
            write_cache(self._file, payload.encode("utf-8"))
