"""The deployment files in deploy/ agree with the app. (scripts/ci-production-smoke runs them: nginx in
front of scripts/serve-production, and `systemd-analyze verify` on the units.)"""

import re
from pathlib import Path

import yaml
from django.conf import settings

from kakehashi.privacy.uploads import DEFAULT_MAX_BYTES

DEPLOY = Path(settings.BASE_DIR, "deploy")


def test_nginx_accepts_the_largest_upload_the_app_accepts() -> None:
    text = (DEPLOY / "nginx" / "kakehashi-app.conf").read_text()
    size = re.search(r"^client_max_body_size (\d+)m;", text, re.MULTILINE)
    assert size is not None
    assert int(size.group(1)) * 1024 * 1024 > DEFAULT_MAX_BYTES


def test_nginx_never_serves_uploaded_files_from_disk() -> None:
    for path in (DEPLOY / "nginx").glob("*.conf"):
        text = path.read_text()
        assert "/var/lib/kakehashi" not in re.sub(r"#.*", "", text), path
        assert not re.search(r"location /media/[^}]*\b(alias|root)\b", text), path


def test_every_unit_and_container_runs_the_one_entry_script() -> None:
    for role in ("web", "worker", "scheduler"):
        unit = (DEPLOY / "systemd" / f"kakehashi-{role}.service").read_text()
        assert f"ExecStart=/srv/kakehashi/scripts/serve-production {role}\n" in unit
        assert "EnvironmentFile=/etc/kakehashi/env" in unit
        assert "User=kakehashi" in unit
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert {"db", "redis", "web", "worker", "scheduler", "nginx"} <= set(compose["services"])
    for role in ("web", "worker", "scheduler"):
        assert compose["services"][role]["command"] == [role]
    assert 'ENTRYPOINT ["/srv/kakehashi/scripts/serve-production"]' in (DEPLOY / "Dockerfile").read_text()


def test_the_worker_may_create_the_sandbox_namespaces() -> None:
    worker = (DEPLOY / "systemd" / "kakehashi-worker.service").read_text()
    settings_lines = [line for line in worker.splitlines() if not line.startswith("#")]
    for blocking in ("RestrictNamespaces=", "PrivateUsers=", "SystemCallFilter=", "CapabilityBoundingSet="):
        assert not any(line.startswith(blocking) for line in settings_lines), blocking
    assert "NoNewPrivileges=yes" in worker
    assert "ProtectSystem=strict" in worker
