"""Shared fixtures: a network guard, the built embedder, and a seed-article index built once."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_SUITE = ROOT / "evals" / "suites" / "seed.jsonl"
_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _allowed(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX paths
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


MODEL_FIXTURES = {"cache_dir"}  # every fixture that builds or loads a model or an index depends on it


def pytest_collection_modifyitems(items):
    """Tests that need the built models are marked `models`: `make test-fast` runs the rest."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.models)


class OutsideConnection(RuntimeError):
    pass


def _guarded_connect(self, address):
    if not _allowed(address):
        raise OutsideConnection(f"test tried to reach {address!r}: only loopback is allowed")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _allowed(address):
        raise OutsideConnection(f"test tried to reach {address!r}: only loopback is allowed")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def network_guard():
    """Fails any test that tries to reach a non-loopback address."""
    socket.socket.connect = _guarded_connect
    socket.socket.connect_ex = _guarded_connect_ex
    yield
    socket.socket.connect = _real_connect
    socket.socket.connect_ex = _real_connect_ex


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    """The model cache: the user's (so the ~470 MB e5 build happens once per machine)."""
    from index.config import Config

    return Config.from_env().cache_dir


@pytest.fixture(scope="session")
def seed_config(tmp_path_factory, cache_dir):
    """A config whose index holds the seed article; shared read-only by many tests."""
    from index.config import Config
    from index.ingest import Ingestor

    cfg = Config(index_dir=tmp_path_factory.mktemp("seed-index"), cache_dir=cache_dir)
    report = Ingestor(cfg).run([CORPUS], progress=False)
    assert not report.errors
    return cfg


@pytest.fixture(scope="session")
def seed_pipeline(seed_config):
    from qa.pipeline import Pipeline

    return Pipeline(seed_config).warm_up()


@pytest.fixture
def fresh_config(tmp_path, cache_dir):
    from index.config import Config

    return Config(index_dir=tmp_path / "index", cache_dir=cache_dir)


@pytest.fixture
def cli_env(cache_dir, tmp_path):
    env = dict(os.environ)
    env.update({"ARTICLE_QA_INDEX": str(tmp_path / "cli-index"), "ARTICLE_QA_CACHE": str(cache_dir)})
    env.pop("ARTICLE_QA_CHROMA_URL", None)
    return env
