"""Real HTTP servers on 127.0.0.1 for download tests (loaded as a pytest plugin by conftest).

``file_server`` serves a folder and can be told to misbehave (``server.mode = ...``):

- ``"ok"``: the file, with its Content-Length
- ``"corrupt"``: the right number of bytes, some of them flipped
- ``"truncate"``: the full Content-Length, half the body, then the connection is closed
- ``"404"``: every path is Not Found
- ``"stall"``: the full Content-Length, half the body, then silence until the server stops

``model_server`` is a ``file_server`` over the mirrored models (``shared_models_dir``).
``hanging_url`` is a port that accepts connections and never answers (for timeouts);
``refused_url`` is a closed port (connection refused).
"""

from __future__ import annotations

import socket
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

MODES = ("ok", "corrupt", "truncate", "404", "stall")
_CHUNK = 64 * 1024


def _flip(chunk: bytes, offset: int) -> bytes:
    """Invert every 997th byte of the file: same length, wrong content."""
    data = bytearray(chunk)
    for i in range(-offset % 997, len(data), 997):
        data[i] ^= 0xFF
    return bytes(data)


class FileServer:
    """A threaded HTTP server for one folder; ``requests`` records every path asked for."""

    def __init__(self, root: Path, mode: str = "ok") -> None:
        self.root = Path(root)
        self.mode = mode
        self.requests: list[str] = []
        self.stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url_for(self, name: str) -> str:
        return f"{self.url}/{urllib.parse.quote(name)}"

    def start(self) -> FileServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # releases handlers stalled in "stall" mode
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _handler_for(server: FileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            name = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
            server.requests.append(name)
            path = server.root / name
            if server.mode == "404" or "/" in name or not path.is_file():
                self.send_error(404, "Not Found")
                return
            size = path.stat().st_size
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            if server.mode in ("truncate", "stall"):
                size //= 2
                self.close_connection = True
            with open(path, "rb") as fh:  # streamed, so big test files cost no memory here
                sent = 0
                while sent < size and (chunk := fh.read(min(_CHUNK, size - sent))):
                    if server.mode == "corrupt":
                        chunk = _flip(chunk, sent)
                    self.wfile.write(chunk)
                    sent += len(chunk)
            if server.mode == "stall":
                self.wfile.flush()
                server.stopping.wait(timeout=30)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep test output clean

    return Handler


@contextmanager
def serve_folder(root: Path, mode: str = "ok") -> Iterator[FileServer]:
    """Serve ``root`` on an ephemeral 127.0.0.1 port for the duration of the block."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    server = FileServer(root, mode).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def model_server(shared_models_dir: Path) -> Iterator[FileServer]:
    """Serves the mirrored models; set ``.mode`` to make it misbehave."""
    with serve_folder(shared_models_dir) as server:
        yield server


@pytest.fixture
def hanging_url() -> Iterator[str]:
    """A listening socket that never accepts: the connection opens, no answer ever comes."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        sock.close()


@pytest.fixture
def refused_url() -> str:
    """A port that was just free and is now closed: connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
