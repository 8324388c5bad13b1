"""Where uploads and generated documents are kept, from the environment, like the cache from `CACHE_URL`.

Uploads (CVs, submissions, receipts, evidence, lesson files) and generated reports are private: every
download goes through a view that checks the viewer's permission first.

- nothing set, or `STORAGE_URL=file://` (or `file:///srv/kakehashi/media`): the local disk, `MEDIA_ROOT`
  (the default; web processes and workers must then share that disk);
- `STORAGE_URL=s3://bucket[/prefix]?endpoint_url=http://127.0.0.1:9000&region=eu-west-1`: an
  S3-compatible object store (AWS S3, MinIO, Ceph, Wasabi, Cloudflare R2, Sakura ...), through
  django-storages and boto3. Query options: `endpoint_url`, `region`, `addressing_style` (`path` for most
  self-hosted stores), `expire` (seconds a presigned URL lives, default 60), `downloads` (`stream`, the
  default: the app reads the object and sends it; `redirect`: after the permission check the browser is
  sent to a presigned URL of a generated document that lives `expire` seconds; uploads are always
  streamed, see kakehashi/core/downloads.py). Keys may be given as `s3://KEY:SECRET@bucket`
  (URL-encoded); otherwise boto3 finds them as usual (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, an
  instance role ...);
- without `STORAGE_URL`, the usual django-storages variables select S3 as well: `AWS_STORAGE_BUCKET_NAME`
  (required), `AWS_S3_ENDPOINT_URL`, `AWS_S3_REGION_NAME` (or `AWS_DEFAULT_REGION`), `AWS_LOCATION`,
  `AWS_S3_ADDRESSING_STYLE`, `AWS_QUERYSTRING_EXPIRE`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
  and `STORAGE_DOWNLOADS` (the `downloads` option).

Whatever is configured, the objects stay private: no ACL is sent (the bucket's own, private by default,
applies; never give the bucket a public-read policy), every URL is presigned and short-lived, and a new
upload never replaces an existing object of the same name.

Imported by the settings: nothing here may import Django or boto3.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

S3_BACKEND = "kakehashi.core.object_storage.PrivateS3Storage"
FILE_BACKEND = "django.core.files.storage.FileSystemStorage"
DEFAULT_EXPIRE = 60
DOWNLOAD_MODES = ("stream", "redirect")


def _seconds(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or int(value) == 0:
        raise ValueError(f"{name}: give the seconds a presigned URL lives as a whole number, such as 60.")
    return int(value)


def _private_s3(options: dict[str, Any]) -> dict[str, Any]:
    fixed = {
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "signature_version": "s3v4",
        "custom_domain": None,
    }
    options = {key: value for key, value in options.items() if value not in (None, "")}
    options.setdefault("querystring_expire", DEFAULT_EXPIRE)
    options.setdefault("downloads", "stream")
    if options["downloads"] not in DOWNLOAD_MODES:
        raise ValueError(
            f"STORAGE_URL / STORAGE_DOWNLOADS: downloads must be one of {', '.join(DOWNLOAD_MODES)}."
        )
    return {"BACKEND": S3_BACKEND, "OPTIONS": {**options, **fixed}}


def _from_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme == "file":
        return {"BACKEND": FILE_BACKEND, "OPTIONS": {"location": unquote(parts.path)} if parts.path else {}}
    if parts.scheme != "s3":
        raise ValueError(f"STORAGE_URL: unknown scheme {parts.scheme!r} (use file:// or s3://bucket).")
    if not parts.hostname:
        raise ValueError("STORAGE_URL: name the bucket, as in s3://bucket?endpoint_url=...")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    known = {"endpoint_url", "region", "addressing_style", "expire", "downloads"}
    if unknown := sorted(set(query) - known):
        raise ValueError(
            f"STORAGE_URL: unknown option(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})."
        )
    # urlsplit lower-cases the hostname; S3 bucket names are lower case anyway, but keep what was written.
    bucket = parts.netloc.rsplit("@", 1)[-1]
    return _private_s3(
        {
            "bucket_name": bucket,
            "location": parts.path.strip("/"),
            "endpoint_url": query.get("endpoint_url"),
            "region_name": query.get("region"),
            "addressing_style": query.get("addressing_style"),
            "querystring_expire": _seconds(query.get("expire"), "STORAGE_URL expire"),
            "downloads": query.get("downloads"),
            "access_key": unquote(parts.username) if parts.username else None,
            "secret_key": unquote(parts.password) if parts.password else None,
        }
    )


def storage_config(env: Mapping[str, str]) -> dict[str, Any]:
    """The STORAGES["default"] entry for the environment `env`; ValueError on what it cannot use."""
    if url := env.get("STORAGE_URL", "").strip():
        return _from_url(url)
    if bucket := env.get("AWS_STORAGE_BUCKET_NAME", "").strip():
        return _private_s3(
            {
                "bucket_name": bucket,
                "location": env.get("AWS_LOCATION", "").strip("/"),
                "endpoint_url": env.get("AWS_S3_ENDPOINT_URL"),
                "region_name": env.get("AWS_S3_REGION_NAME") or env.get("AWS_DEFAULT_REGION"),
                "addressing_style": env.get("AWS_S3_ADDRESSING_STYLE"),
                "querystring_expire": _seconds(env.get("AWS_QUERYSTRING_EXPIRE"), "AWS_QUERYSTRING_EXPIRE"),
                "downloads": env.get("STORAGE_DOWNLOADS"),
            }
        )
    return {"BACKEND": FILE_BACKEND}


def is_object_storage(config: Mapping[str, Any]) -> bool:
    return config["BACKEND"] == S3_BACKEND
