"""The browser tests' live server: two requests on the shared SQLite connection never overlap."""

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from tests.e2e.one_request_at_a_time import OneRequestAtATime


def test_two_requests_at_once_are_answered_one_after_the_other_and_each_body_is_closed() -> None:
    inside = 0
    most_inside = 0
    closed: list[str] = []
    guard = threading.Lock()

    class Body:
        def __init__(self, name: str) -> None:
            self.name = name

        def __iter__(self) -> Iterator[bytes]:
            time.sleep(0.05)  # a streamed body still reads the database while it is sent
            yield self.name.encode()

        def close(self) -> None:
            nonlocal inside
            with guard:
                inside -= 1
            closed.append(self.name)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Body:
        nonlocal inside, most_inside
        with guard:
            inside += 1
            most_inside = max(most_inside, inside)
        start_response("200 OK", [])
        return Body(environ["PATH_INFO"])

    served = OneRequestAtATime(application)
    answers: dict[str, list[bytes]] = {}

    def request(path: str) -> None:
        answers[path] = served({"PATH_INFO": path}, lambda *_: None)

    threads = [threading.Thread(target=request, args=(f"/{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert most_inside == 1
    assert answers == {"/0": [b"/0"], "/1": [b"/1"], "/2": [b"/2"]}
    assert sorted(closed) == ["/0", "/1", "/2"]
