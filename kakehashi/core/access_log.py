"""What the web server's access logs may write of a request: the page, never a secret in its address.

One-tap check-in links, invitations, calendar feeds and password-reset keys carry their token in the path;
a query string may hold what someone searched for (a person's name); the Referer repeats the address of
the page before. gunicorn (`scripts/serve-production --logger-class`) logs through `PrivateAccessLogger`,
and nginx's `kakehashi_private` log format (deploy/nginx/kakehashi.conf) masks the same prefixes —
`core/tests/test_access_log.py` keeps the two lists equal. The app's own request log writes the route,
and Django's "Not Found: /path" lines pass through `core.logging.SecretPathFilter`.
"""

from typing import Any

from gunicorn.glogging import Logger

from kakehashi.core.secret_paths import loggable_path

# Request headers that carry credentials or another address: never offered to a log format.
_PRIVATE_HEADERS = ("{cookie}i", "{authorization}i", "{referer}i", "{x-csrftoken}i")


class PrivateAccessLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = loggable_path(environ.get("PATH_INFO", ""))
        atoms["U"] = path
        atoms["q"] = ""
        atoms["r"] = f"{environ.get('REQUEST_METHOD', '-')} {path} {environ.get('SERVER_PROTOCOL', '-')}"
        atoms["f"] = "-"
        for header in _PRIVATE_HEADERS:
            atoms.pop(header, None)
        return atoms
