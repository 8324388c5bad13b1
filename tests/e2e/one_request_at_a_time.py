"""The live server answers one request at a time when its threads share one SQLite connection.

With the in-memory SQLite test database, every thread of Django's threaded live server uses the test's
own connection (there is no other copy of the database). Two requests at once then interleave their
transactions on that one connection: one request's savepoint is released by the other's commit and the
first fails with "no such savepoint". The offline check-in sends its form twice when the connection
returns (the "online" event and Background Sync both start), and CI saw exactly that failure. A real
deployment has a connection per thread or process and needs none of this.

The lock is held while the application answers and its body is read, not while a kept-alive connection
waits for its next request, so the browser's idle connections block nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class OneRequestAtATime:
    def __init__(self, application: WSGIApp) -> None:
        self.application = application
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        with self.lock:
            response = self.application(environ, start_response)
            try:
                return list(
                    response
                )  # a streamed export too: read whole while this request holds the database
            finally:
                close = getattr(response, "close", None)
                if close is not None:
                    close()  # request_finished, as the server would send it


class SharedConnectionServer(ThreadedWSGIServer):
    """Django's threaded live server, serialised only when its threads share the test's connection."""

    def set_app(self, application: WSGIApp) -> None:
        if self.connections_override:
            application = OneRequestAtATime(application)
        super().set_app(application)
