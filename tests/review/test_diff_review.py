"""What a reviewer needs beside the entity changes: who is named (actors by name), who
made the change (commits and authors), and what it broke (`pcaet lint` errors it
introduces), on real git repositories."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

from typer.testing import CliRunner

from pcaet_cli.cli import app
from tests.review.conftest import BASE, GIT_ENV, MakeRepo, Repo

runner = CliRunner()


def run_diff(repo: Repo, *args: str) -> str:
    result = runner.invoke(
        app,
        ["diff", *args, "-r", str(repo.register), "--date", "2026-01-15"],
        env={"NO_COLOR": "1"},
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def commit_as(repo: Repo, author: str, message: str, date: str) -> None:
    repo.git("add", "-A")
    subprocess.run(
        ["git", "commit", "-q", "-m", message, "--author", author],
        cwd=repo.path,
        env={**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date},
        check=True,
    )


def merge_request(repo: Repo) -> None:
    """Two authors on a branch: Karim deletes svc-voirie, which two actions still cite
    (one of them he renames); Claire hands mob-03 to the mobility service."""
    repo.git("checkout", "-q", "-b", "voirie")
    repo.remove("acteurs/svc-voirie.yaml")
    repo.git("mv", "register/actions/ener-01.yaml", "register/actions/ener-solaire.yaml")
    commit_as(repo, "Karim <k@ex.org>", "Service voirie fusionné", "2025-11-03T09:00:00+01:00")
    text = BASE["actions/mob-03.yaml"].replace("pilote: svc-voirie", "pilote: svc-mobilites")
    repo.write({"actions/mob-03.yaml": text.replace("[cci-49]", "[cci-49, ademe]")})
    repo.commit("Le service mobilités reprend le plan vélo", "2025-11-04T09:00:00+01:00")


def test_actors_are_named_even_when_the_change_deletes_them(make_repo: MakeRepo) -> None:
    repo = make_repo()
    merge_request(repo)
    out = run_diff(repo, "main", "HEAD")
    # svc-voirie no longer exists after the change: named as it was before it.
    assert "pilote : Service voirie (svc-voirie) → Service mobilités (svc-mobilites)" in out
    assert "partenaires : + ADEME (ademe)" in out
    assert "− acteur svc-voirie « Service voirie » supprimé" in out


def test_commits_and_authors_of_the_range(make_repo: MakeRepo) -> None:
    repo = make_repo()
    merge_request(repo)
    repo.git("checkout", "-q", "main")
    repo.write({"acteurs/ddt-49.yaml": "nom: DDT 49\ntype: etat\n"})
    repo.commit("DDT", "2025-11-05T09:00:00+01:00")
    repo.git("checkout", "-q", "voirie")
    repo.git("merge", "-q", "--no-edit", "main")
    karim, claire = repo.git("log", "--no-merges", "--reverse", "--format=%h", "main..").split()
    out = run_diff(repo)  # from the merge base with main: the branch's commits only
    lines = out.splitlines()
    assert lines[1] == "Commits : 2 commits, de Claire Martineau (1) et Karim (1)"
    assert lines[2] == f"  {karim} 2025-11-03 Karim — Service voirie fusionné"
    assert lines[3] == (
        f"  {claire} 2025-11-04 Claire Martineau — Le service mobilités reprend le plan vélo"
    )
    assert "DDT" not in out
    payload: dict[str, Any] = json.loads(run_diff(repo, "--format", "json"))
    assert [c["message"] for c in payload["commits"]] == [
        "Service voirie fusionné",
        "Le service mobilités reprend le plan vélo",
    ]
    assert payload["auteurs"] == [
        {"nom": "Claire Martineau", "commits": 1},
        {"nom": "Karim", "commits": 1},
    ]
    markdown = run_diff(repo, "--format", "markdown")
    assert "2 commits, de Claire Martineau (1) et Karim (1) :" in markdown
    assert f"- `{karim}` 2025-11-03 Karim — Service voirie fusionné" in markdown


def test_markdown_ends_with_the_errors_the_change_introduces(make_repo: MakeRepo) -> None:
    repo = make_repo()
    merge_request(repo)
    markdown = run_diff(repo, "main", "HEAD", "--format", "markdown")
    tail = markdown[markdown.index("#### 1 erreur introduite par le changement") :]
    # The renamed action still names the deleted actor (line 6, column 9): new.
    assert tail.splitlines()[2:] == [
        "- `register/actions/ener-solaire.yaml:6:9` **R001** « pilote » désigne "
        "« svc-voirie », qui n'existe pas (attendu un acteur)"
    ]
    # The base's own errors (plans without axes, R005) are not the change's doing,
    # even in the renamed file.
    assert "R005" not in markdown
    payload: dict[str, Any] = json.loads(run_diff(repo, "main", "HEAD", "--format", "json"))
    assert [(e["fichier"], e["ligne"], e["code"]) for e in payload["erreurs_introduites"]] == [
        ("register/actions/ener-solaire.yaml", 6, "R001")
    ]
    assert payload["verification_impossible"] is None
    text = run_diff(repo, "main", "HEAD")
    assert "1 erreur introduite par le changement" in text
    assert "  register/actions/ener-solaire.yaml:6:9 R001 « pilote » désigne" in text


def test_working_copy_errors_and_a_clean_change(make_repo: MakeRepo) -> None:
    repo = make_repo()
    repo.write({"actions/mob-02.yaml": BASE["actions/mob-02.yaml"] + "referent: elu-absent\n"})
    markdown = run_diff(repo, "HEAD", "--format", "markdown")
    assert "- `register/actions/mob-02.yaml:7:11` **R001** « referent » désigne" in markdown
    repo.write({"actions/mob-02.yaml": BASE["actions/mob-02.yaml"].replace("Haies", "Haie")})
    markdown = run_diff(repo, "HEAD", "--format", "markdown")
    assert markdown.endswith(
        "#### Erreurs introduites par le changement\n\n"
        "Aucune erreur introduite par le changement.\n"
    )
