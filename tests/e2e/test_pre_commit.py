"""The hook of .pre-commit-hooks.yaml, run by the real pre-commit program in a real git
repository: a commit that breaks the register is refused with the diagnostic, a good
one passes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, unavailable

pytestmark = pytest.mark.slow

GOOD_ACTION = """\
titre: Développer le covoiturage
pilote: svc-mobilites
referent: elu-mobilite
secteurs: [Transport routier]
domaines: [ges]
"""


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=600
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A commit of this repository: pre-commit builds its hook environment from it."""
    if shutil.which("git") is None:
        unavailable("git", "apt-get install git")
    source = tmp_path_factory.mktemp("pcaet") / "pcaet-source"
    skipped = shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis"
    )

    def ignore(folder: str, names: list[str]) -> set[str]:
        # Only the top-level example register and tests: pcaet_cli/register is code.
        top = {"register", "tests"} if Path(folder) == REPO else set()
        return set(skipped(folder, names)) | (top & set(names))

    shutil.copytree(REPO, source, ignore=ignore)
    for args in (
        ("init", "-q", "-b", "main"),
        ("add", "-A"),
        ("-c", "user.name=t", "-c", "user.email=t@exemple.fr", "commit", "-qm", "v"),
    ):
        assert _git(source, *args).returncode == 0
    return source, _git(source, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # One pre-commit cache for the module: the hook environment is built once.
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-cache")),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@exemple.fr",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@exemple.fr",
    }


def _pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert found is not None
    return found


def _commit(repo: Path, env: dict[str, str], message: str) -> tuple[int, str]:
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    done = subprocess.run(
        ["git", "commit", "-m", message],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def repo(tmp_path: Path, source: tuple[Path, str]) -> Path:
    source_path, rev = source
    work = tmp_path / "territoire"
    (work / "register" / "actions").mkdir(parents=True)
    (work / "register" / "acteurs").mkdir()
    (work / "register" / "pcaet.toml").write_text('[registre]\nnom = "Essai"\n', encoding="utf-8")
    (work / "register" / "acteurs" / "svc-mobilites.yaml").write_text(
        "nom: Service mobilités\ntype: service\nrelais: paul-durand\n", encoding="utf-8"
    )
    (work / "register" / "acteurs" / "elu-mobilite.yaml").write_text(
        "nom: Anne LEROUX\ntype: elu\n", encoding="utf-8"
    )
    (work / "register" / "acteurs" / "paul-durand.yaml").write_text(
        "nom: Paul DURAND\ntype: personne\n", encoding="utf-8"
    )
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source_path}\n    rev: {rev}\n    hooks:\n      - id: pcaet-lint\n",
        encoding="utf-8",
    )
    assert _git(work, "init", "-q", "-b", "main").returncode == 0
    return work


def test_bad_commit_is_refused_good_commit_passes(repo: Path, env: dict[str, str]) -> None:
    installed = subprocess.run(
        [_pre_commit(), "install"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr

    bad = repo / "register" / "actions" / "mob-01.yaml"
    bad.write_text(
        GOOD_ACTION.replace("pilote: svc-mobilites", "pilote: svc-mobilite"), encoding="utf-8"
    )
    code, output = _commit(repo, env, "ajout mob-01")
    assert code != 0, output
    assert (
        "register/actions/mob-01.yaml:2:9: R001 « pilote » désigne « svc-mobilite », "
        "qui n'existe pas (attendu un acteur)"
    ) in output

    bad.write_text(GOOD_ACTION, encoding="utf-8")
    code, output = _commit(repo, env, "ajout mob-01")
    assert code == 0, output
    assert re.search(r"pcaet lint\.+Passed", output)


def test_config_written_by_init_drives_pre_commit(
    tmp_path: Path, source: tuple[Path, str], env: dict[str, str]
) -> None:
    work = tmp_path / "nouveau-territoire"
    done = subprocess.run(
        [sys.executable, "-m", "pcaet_cli", "init", str(work), "--modele", "petr"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    config = work / ".pre-commit-config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "id: pcaet-lint" in text
    # The published address cannot be reached from the test: point it at this commit.
    source_path, rev = source
    text = re.sub(r"repo: \S+", f"repo: {source_path}", text)
    config.write_text(re.sub(r"rev: \S+", f"rev: {rev}", text), encoding="utf-8")
    assert _git(work, "init", "-q", "-b", "main").returncode == 0
    assert (
        subprocess.run([_pre_commit(), "install"], cwd=work, env=env, check=False).returncode == 0
    )
    code, output = _commit(work, env, "registre initial")
    assert code == 0, output  # the worked example is lint-clean
    action = sorted((work / "register" / "actions").glob("*.yaml"))[0]
    action.write_text(action.read_text(encoding="utf-8") + "statut: en cours\n", encoding="utf-8")
    code, output = _commit(work, env, "statut")
    assert code != 0
    assert re.search(rf"register/actions/{action.name}:\d+:\d+: (S004|Y002) ", output), output
