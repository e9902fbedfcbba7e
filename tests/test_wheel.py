"""The built wheel works on its own: installed (not editable) in a fresh venv, run from another folder.

The wheel is built from this checkout and installed with ``--no-deps`` into a new virtual
environment; that venv sees the test environment's third-party packages through a ``.pth``
line (so nothing is downloaded but the build backend), but not the checkout: every command
runs with its working folder outside the repository, and the checks assert that the
installed package, its vocabularies and its seeds are the ones inside site-packages.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "Council approves new harbour budget\n\n"
    "The city council approved funding for the harbour on Tuesday, officials said.\n\n"
    "The budget covers repairs to the old pier and a new ferry terminal, the mayor said.\n"
)


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A venv with the wheel installed, a working folder outside the checkout, and its environment."""
    base = tmp_path_factory.mktemp("wheel")
    dist, venv, work = base / "dist", base / "venv", base / "work"
    work.mkdir()
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("newslens-*.whl")
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)  # type: ignore[attr-defined]
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The test environment's third-party packages, added after the venv's own site-packages.
    (Path(purelib) / "newslens-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NEWSLENS_INPUT", "NEWSLENS_OUTPUT")}
    env["XDG_CACHE_HOME"] = str(base / "cache")
    env["HOME"] = str(base / "home")
    done = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--quiet", str(wheel)], work, env
    )
    assert done.returncode == 0, done.stderr
    return {
        "python": python,
        "bin": venv / "bin",
        "purelib": Path(purelib),
        "work": work,
        "env": env,
        "cache": base / "cache",
    }


def test_the_wheel_carries_the_vocabularies_seeds_and_theme(installed):
    package = installed["purelib"] / "dashboard"
    assert sorted(p.name for p in (package / "data").iterdir() if p.is_file()) == [
        "codebook.toml",
        "entities.toml",
        "provenance.toml",
        "speech.toml",
        "stopwords.txt",
    ]
    assert sorted(p.name for p in (package / "seeds").iterdir()) == sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert (package / ".streamlit" / "config.toml").is_file()
    assert not (package / "data" / "processed").exists()


def test_installed_package_resolves_its_own_files(installed):
    probe = _run(
        [
            str(installed["python"]),
            "-c",
            "import dashboard.io.resources as r, dashboard; print(dashboard.__file__); print(r.DATA_DIR); "
            "print(r.SEEDS_DIR); print(r.default_output_dir())",
        ],
        installed["work"],
        installed["env"],
    )
    assert probe.returncode == 0, probe.stderr
    module, data, seeds, out = probe.stdout.splitlines()
    package = installed["purelib"] / "dashboard"
    assert Path(module).parent == package
    assert (Path(data), Path(seeds)) == (package / "data", package / "seeds")
    # An installed package never writes into site-packages.
    assert Path(out) == installed["cache"] / "newslens" / "processed"


def test_installed_command_runs_on_the_bundled_seeds_from_any_folder(installed):
    done = _run([str(installed["bin"] / "newslens-preprocess")], installed["work"], installed["env"])
    assert done.returncode == 0, done.stderr
    out = installed["cache"] / "newslens" / "processed"
    assert "5 articles" in done.stderr and str(out) in done.stderr
    assert (out / "articles.parquet").is_file() and (out / "report.json").is_file()


def test_installed_command_runs_on_a_folder_the_user_names(installed, tmp_path):
    folder, out = tmp_path / "my-articles", tmp_path / "tables"
    folder.mkdir()
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    done = _run(
        [str(installed["python"]), "-m", "dashboard.preprocess", str(folder), "--out", str(out)],
        installed["work"],
        installed["env"],
    )
    assert done.returncode == 0, done.stderr
    assert "1 articles" in done.stderr
    assert (out / "sentences.parquet").is_file()


def test_installed_app_reads_the_project_theme_from_beside_its_entry_point(installed):
    app = installed["purelib"] / "dashboard" / "app.py"
    expected = tomllib.loads((ROOT / "dashboard" / ".streamlit" / "config.toml").read_text())["theme"]["primaryColor"]
    # `streamlit run` records the entry point in config._main_script_path before reading the
    # config files (streamlit/web/cli.py); the script-level .streamlit/config.toml comes from there.
    probe = _run(
        [
            str(installed["python"]),
            "-c",
            "import sys; from streamlit import config; config._main_script_path = sys.argv[1]; "
            "config.get_config_options(force_reparse=True); print(config.get_option('theme.primaryColor'))",
            str(app),
        ],
        installed["work"],
        installed["env"],
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == expected


def test_installed_app_opens_the_seeds(installed):
    app = installed["purelib"] / "dashboard" / "app.py"
    script = (
        "import sys; from streamlit.testing.v1 import AppTest; "
        "at = AppTest.from_file(sys.argv[1], default_timeout=120).run(); "
        "assert not at.exception, at.exception; "
        "print('\\n'.join(c.value for c in at.sidebar.caption))"
    )
    done = _run([str(installed["python"]), "-c", script, str(app)], installed["work"], installed["env"])
    assert done.returncode == 0, done.stderr
    assert "5 articles processed, 0 skipped" in done.stdout


@pytest.mark.parametrize("launcher", ["streamlit run", "newslens-app"])
def test_installed_app_serves_from_any_folder(installed, launcher):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = installed["purelib"] / "dashboard" / "app.py"
    start = (
        [str(installed["python"]), "-m", "streamlit", "run", str(app)]
        if launcher == "streamlit run"
        else [str(installed["bin"] / "newslens-app")]
    )
    server = subprocess.Popen(
        [*start, "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=installed["work"],
        env=installed["env"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, health = time.monotonic() + 60, ""
        while time.monotonic() < deadline and health != "ok":
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    health = response.read().decode()
            except OSError:
                time.sleep(0.5)
        assert health == "ok"
    finally:
        server.terminate()
        server.wait(timeout=20)
