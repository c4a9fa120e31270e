"""docker-compose.yml, .env.example and the web healthcheck: no Docker engine is needed to check what they say."""

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import healthcheck

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("web", "worker", "beat")
COMPOSE_SETS = {"DATABASE_URL", "REDIS_URL"}
TEST_ONLY = {"TEST_EMAIL_BACKEND", "TEST_BEAT_ENTRY"}


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def env_example_names() -> set[str]:
    """Every variable .env.example mentions, set or commented out with its default."""
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_compose_no_longer_suggests_the_demo_data():
    assert "seed_demo" not in (ROOT / "docker-compose.yml").read_text()


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_read_dot_env_and_get_the_public_address(compose, service):
    definition = compose["services"][service]
    assert definition["env_file"] == ".env"
    environment = definition["environment"]
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DEFAULT_FROM_EMAIL"):
        assert environment[required] == f"${{{required}:?" + environment[required].split(":?", 1)[1]
    assert environment["TRUSTED_PROXIES"]


def test_no_secret_is_written_in_compose(compose):
    assert compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "${POSTGRES_PASSWORD:?" in compose["services"]["web"]["environment"]["DATABASE_URL"]
    for service in APP_SERVICES:
        for name, value in compose["services"][service]["environment"].items():
            if name not in ("REDIS_URL", "DATABASE_URL"):
                assert str(value).startswith("${"), (service, name)


def test_the_trusted_proxy_is_the_gateway_of_the_compose_network(compose):
    subnet = compose["networks"]["default"]["ipam"]["config"][0]["subnet"]
    default_subnet = re.fullmatch(r"\$\{APP_SUBNET:-(.+)\}", subnet).group(1)
    default_proxy = re.fullmatch(r"\$\{TRUSTED_PROXIES:-(.+)\}", compose["x-app"]["environment"]["TRUSTED_PROXIES"])
    assert default_subnet == "172.30.250.0/24"
    assert default_proxy.group(1) == "172.30.250.1"


def test_every_variable_is_documented_in_env_example(compose):
    documented = env_example_names()
    settings_read = set()
    for path in (ROOT / "mentoring" / "settings").glob("*.py"):
        settings_read |= set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", path.read_text()))
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]+)", (ROOT / "docker-compose.yml").read_text()))
    assert "CONTENT_SECURITY_POLICY" in settings_read
    assert not (settings_read - TEST_ONLY) - documented
    assert not interpolated - documented
    assert documented >= COMPOSE_SETS


def test_dot_env_stays_out_of_git_and_of_the_image():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert ignored.returncode == 0
    kept = subprocess.run(["git", "check-ignore", "-q", ".env.example"], cwd=ROOT)
    assert kept.returncode == 1
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()


def test_web_healthcheck_runs_the_script_the_image_holds(compose):
    assert compose["services"]["web"]["healthcheck"]["test"] == ["CMD", "python", "scripts/healthcheck.py"]
    assert "COPY . ." in (ROOT / "Dockerfile").read_text()
    assert "scripts" not in (ROOT / ".dockerignore").read_text()


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        (["mentorat.example.org", "www.mentorat.example.org"], "mentorat.example.org"),
        ([".example.org"], "example.org"),
        (["*"], "localhost"),
        ([], "localhost"),
    ],
)
def test_healthcheck_names_a_host_that_allowed_hosts_accepts(allowed_hosts, host):
    assert healthcheck.host_header(allowed_hosts) == host


@pytest.mark.django_db
def test_healthcheck_passes_whatever_allowed_hosts_is(live_server, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["mentorat.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("ALLOWED_HOSTS", "mentorat.example.org")

    assert healthcheck.main(f"{live_server.url}/healthz") == 0


@pytest.mark.django_db
def test_healthcheck_fails_when_the_host_is_refused(live_server, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["mentorat.example.org"]
    monkeypatch.setenv("ALLOWED_HOSTS", "other.example.org")

    assert healthcheck.main(f"{live_server.url}/healthz") == 1
