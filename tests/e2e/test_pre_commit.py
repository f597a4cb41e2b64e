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

from tests.conftest import REPO

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


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git est nécessaire pour ce test")
    # pre-commit builds its hook environment from a commit of this repository.
    source = tmp_path / "pcaet-source"
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
    rev = _git(source, "rev-parse", "HEAD").stdout.strip()

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
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n      - id: pcaet-lint\n",
        encoding="utf-8",
    )
    assert _git(work, "init", "-q", "-b", "main").returncode == 0
    return work


def test_bad_commit_is_refused_good_commit_passes(repo: Path, tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert pre_commit is not None
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@exemple.fr",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@exemple.fr",
    }
    installed = subprocess.run(
        [pre_commit, "install"], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stderr

    bad = repo / "register" / "actions" / "mob-01.yaml"
    bad.write_text(
        GOOD_ACTION.replace("pilote: svc-mobilites", "pilote: svc-mobilite"), encoding="utf-8"
    )
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    refused = subprocess.run(
        ["git", "commit", "-m", "ajout mob-01"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert (
        "register/actions/mob-01.yaml:2:9: R001 « pilote » désigne « svc-mobilite », "
        "qui n'existe pas (attendu un acteur)"
    ) in output

    bad.write_text(GOOD_ACTION, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    accepted = subprocess.run(
        ["git", "commit", "-m", "ajout mob-01"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = accepted.stdout + accepted.stderr
    assert accepted.returncode == 0, output
    assert re.search(r"pcaet lint\.+Passed", output)
