"""Streaming, verified, atomic download of one file.

A download goes to a hidden temporary file beside its destination, is checked (size, hash) and
only then renamed over the final name with ``os.replace``. Whatever goes wrong — HTTP error,
refused connection, timeout, truncated body, wrong bytes, full disk, cancel, Ctrl-C — the
temporary file is removed and the final name is left exactly as it was, so a half-written model can
never be mistaken for a good one. Model-specific checks are passed in by :mod:`upscaler.core.store`.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from upscaler import __version__
from upscaler.core.cancel_watch import stop_on_cancel
from upscaler.core.catalog import ModelInfo
from upscaler.core.errors import Cancelled, DownloadError
from upscaler.core.fsutil import atomic_write
from upscaler.core.messages import text

#: Environment variable naming a mirror: files are fetched from ``<base>/<filename>``.
BASE_URL_ENV = "UPSCALER_DOWNLOAD_BASE_URL"
CHUNK_SIZE = 64 * 1024
#: How often a running download looks at its cancel event while a read waits.
CANCEL_POLL_S = 0.05
_SCHEMES = ("http", "https", "file")

Progress = Callable[[int, int], None]


class DownloadCancelled(DownloadError, Cancelled):
    """The user cancelled a download; caught as :class:`Cancelled` or as :class:`DownloadError`."""


def download_url(info: ModelInfo, base_url: str | None = None) -> str:
    """Where to fetch a model: ``base_url`` argument, then the mirror env var, then upstream."""
    base = (base_url or os.environ.get(BASE_URL_ENV, "")).strip()
    if info.filename and base:
        return f"{base.rstrip('/')}/{urllib.parse.quote(info.filename)}"
    if info.url:
        return info.url
    raise DownloadError(
        text(
            "{model} has no download address; it ships with the program (reinstall it) or can be "
            "imported from a file with 'upscaler-cli models import'",
            model=info.id,
        )
    )


def fetch(
    url: str,
    dest: Path,
    *,
    what: str,
    expected_size: int | None,
    check: Callable[[Path], str | None],
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 30.0,
) -> None:
    """Download ``url`` to ``dest`` atomically.

    ``check(temp_path)`` returns a description of what is wrong with the downloaded bytes, or
    None if they are right; ``what`` names the download in messages. ``progress(done, total)``
    gets ``total == 0`` when the size is unknown. Raises :class:`DownloadError` (or
    :class:`DownloadCancelled`) and leaves no trace on failure.
    """
    if not (timeout > 0 and math.isfinite(timeout)):  # the socket would raise ValueError
        raise DownloadError(
            text(
                "cannot download {what}: the timeout must be a positive number of seconds, not "
                "{timeout:g}",
                what=what,
                timeout=timeout,
            )
        )
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in _SCHEMES:
        raise DownloadError(
            text(
                "cannot download {what} from {url}: only http, https and file addresses are "
                "supported",
                what=what,
                url=url,
            )
        )
    folder = dest.parent

    def fill(out: BinaryIO) -> None:
        _stream(url, out, what, expected_size, progress, cancel, timeout, folder)

    def verify(tmp: Path) -> None:
        try:
            problem = check(tmp)
        except OSError as err:
            raise DownloadError(
                text("cannot check {what}: {reason}", what=what, reason=_os_reason(err)), tmp
            ) from err
        if problem:
            raise DownloadError(
                text(
                    "the file downloaded from {url} is not {what} ({problem}); it was discarded",
                    url=url,
                    what=what,
                    problem=problem,
                )
            )
        _raise_if_cancelled(cancel, what, url)

    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(dest, fill, check=verify)
    except OSError as err:  # making the folder or the file, syncing or renaming it
        raise DownloadError(
            text("cannot save {what}: {reason}", what=what, reason=_os_reason(err)), folder
        ) from err


def _stream(
    url: str,
    out,
    what: str,
    expected_size: int | None,
    progress: Progress | None,
    cancel: threading.Event | None,
    timeout: float,
    folder: Path,
) -> None:
    def fail(problem: str) -> DownloadError:
        return DownloadError(
            text(
                "cannot download {what} from {url}: {problem}", what=what, url=url, problem=problem
            )
        )

    _raise_if_cancelled(cancel, what, url)
    request = urllib.request.Request(url, headers={"User-Agent": f"upscaler/{__version__}"})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 - scheme checked
    except urllib.error.HTTPError as err:
        err.close()
        raise fail(
            text(
                "the server answered HTTP {code} ({reason})", code=err.code, reason=str(err.reason)
            )
        ) from err
    except urllib.error.URLError as err:
        raise fail(_network_reason(err.reason, timeout)) from err
    except (OSError, http.client.HTTPException) as err:
        raise fail(_network_reason(err, timeout)) from err
    with response, _unblock_on_cancel(response, cancel):
        announced = _content_length(response)
        if expected_size is not None and announced is not None and announced != expected_size:
            raise fail(
                text(
                    "the server offers {announced} bytes, expected {expected}",
                    announced=announced,
                    expected=expected_size,
                )
            )
        total = expected_size or announced or 0
        done = 0
        if progress:
            progress(0, total)
        while True:
            _raise_if_cancelled(cancel, what, url)
            try:
                chunk = response.read(CHUNK_SIZE)
            except (OSError, http.client.HTTPException) as err:
                _raise_if_cancelled(cancel, what, url)  # the cancel itself cut the connection
                raise fail(
                    text(
                        "{reason} after {amount}",
                        reason=_network_reason(err, timeout),
                        amount=_of(done, total),
                    )
                ) from err
            if not chunk:
                _raise_if_cancelled(cancel, what, url)
                break
            done += len(chunk)
            if expected_size is not None and done > expected_size:
                raise fail(
                    text(
                        "the server sent more than the expected {expected} bytes",
                        expected=expected_size,
                    )
                )
            try:
                out.write(chunk)
            except OSError as err:
                raise DownloadError(
                    text("cannot save {what}: {reason}", what=what, reason=_os_reason(err)), folder
                ) from err
            if progress:
                progress(done, total)
    if total and done < total:
        raise fail(text("the connection ended after {amount}", amount=_of(done, total)))


def _unblock_on_cancel(
    response: object, cancel: threading.Event | None
) -> contextlib.AbstractContextManager[None]:
    """Make a cancel take effect even while a read waits on a silent server.

    A blocked ``recv`` only returns when data, the timeout or a shutdown of its socket comes, so a
    watcher shuts the socket down as soon as ``cancel`` is set (instead of the user waiting for the
    whole timeout). Responses without a socket (``file:`` URLs) never block and need none.
    """
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if not isinstance(sock, socket.socket):
        return stop_on_cancel(None, None, poll=CANCEL_POLL_S, name="download-cancel")

    def shut() -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    return stop_on_cancel(cancel, shut, poll=CANCEL_POLL_S, name="download-cancel")


def _of(done: int, total: int) -> str:
    if total:
        return text("{done} of {total} bytes", done=done, total=total)
    return text("{done} bytes", done=done)


def _content_length(response) -> int | None:
    value = response.headers.get("Content-Length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _network_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return text("no answer within {timeout:g} s", timeout=timeout)
    if isinstance(reason, ConnectionRefusedError):
        return text("the connection was refused (is the address right and the server running?)")
    if isinstance(reason, socket.gaierror):
        return text("the host name cannot be resolved (are you offline?)")
    if isinstance(reason, (ConnectionResetError, http.client.RemoteDisconnected)):
        return text("the server closed the connection")
    if isinstance(reason, http.client.IncompleteRead):
        return text("the connection ended early")
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _os_reason(err: OSError) -> str:
    return f"{err.strerror or err} ({err.filename})" if err.filename else str(err.strerror or err)


def _raise_if_cancelled(cancel: threading.Event | None, what: str, url: str) -> None:
    if cancel is not None and cancel.is_set():
        raise DownloadCancelled(
            text("the download of {what} from {url} was cancelled", what=what, url=url)
        )
