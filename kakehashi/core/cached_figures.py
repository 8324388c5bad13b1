"""Figures a page shows that are costly to count and change rarely (the board's items by owner, the
program's spending), kept in the cache until what they count changes.

Each kind of figure has a version in the cache; `changed(kind)` replaces it (from a post_save/post_delete
receiver, and from the services that write in bulk, which send no signal), now and again when the
transaction commits, so that a figure counted in between from the old rows is not kept. A figure's key
carries the version, so nothing needs deleting; the old entries expire after SECONDS."""

import base64
import hashlib
import pickle  # nosec B403 - only what this module wrote, encrypted with the field keys, is unpickled
import secrets
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

SECONDS = 60 * 60


def _version_key(kind: str) -> str:
    return f"kakehashi:figures:{kind}:version"


def changed(kind: str) -> None:
    """Forget every cached figure of this kind, now and at the commit."""
    forget_now(kind)
    transaction.on_commit(lambda: forget_now(kind))


def forget_now(kind: str) -> None:
    """Forget every cached figure of this kind (no more: `changed` also forgets at the commit)."""
    cache.set(_version_key(kind), secrets.token_hex(8), None)


def receiver(kind: str) -> Callable[..., None]:
    """A signal receiver that forgets the figures of `kind` (connect it with a dispatch_uid)."""

    def forget(**_kwargs: object) -> None:
        changed(kind)

    return forget


def key_of(kind: str, parts: tuple[object, ...]) -> str:
    """The cache key of a figure in the current version of its kind."""
    version = cache.get(_version_key(kind))
    if version is None:
        cache.add(_version_key(kind), secrets.token_hex(8), None)
        version = cache.get(_version_key(kind), "")
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"kakehashi:figures:{kind}:{version}:{digest}"


def figure[T](kind: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """The figure named by `parts` (everything it depends on besides the rows: viewer's scope, filters,
    language, day), computed once per version of `kind`."""
    key = key_of(kind, parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SECONDS)
    return value  # type: ignore[no-any-return]


def private_figure[T](kind: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`figure` for a value holding personal data (a person's to-do list names their interns): kept in the
    cache encrypted with the field keys (kakehashi.privacy.fields), as the database keeps it."""
    from kakehashi.privacy.fields import decrypt, encrypt

    def sealed() -> str:
        return encrypt(base64.b64encode(pickle.dumps(compute())).decode("ascii"))

    return pickle.loads(base64.b64decode(decrypt(figure(kind, parts, sealed))))  # type: ignore[no-any-return]  # noqa: S301  # nosec B301 - see the import
