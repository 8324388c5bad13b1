"""The addresses that carry a secret in their path, and what a log may write of one (see core/access_log.py)."""

SECRET_PATH_PREFIXES = (
    "/operations/c/",  # one-tap check-in links
    "/invitations/",
    "/learning/schedule/",  # calendar feeds
    "/accounts/password/reset/key/",
)
MASK = "[secret]"


def loggable_path(path: str) -> str:
    """The path with any secret part replaced."""
    for prefix in SECRET_PATH_PREFIXES:
        if path.startswith(prefix):
            return prefix + MASK
    return path
