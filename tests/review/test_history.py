"""`pcaet history`: the life of an action told from the git log."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pcaet_cli.cli import app
from tests.review.conftest import BASE, CHANGED_MOB_03, GIT_ENV, MakeRepo, Repo

runner = CliRunner()


def run_history(register: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["history", *args, "-r", str(register)], env={"NO_COLOR": "1"})
    return result.exit_code, result.stdout, result.stderr


def life_of_mob_03(repo: Repo) -> None:
    """Four commits: creation, pilot and budget, a rename, the status and a note."""
    text = (repo.register / "actions/mob-03.yaml").read_text(encoding="utf-8")
    text = text.replace("pilote: svc-voirie", "pilote: svc-mobilites")
    text = text.replace(
        "  - {annee: 2025, type: investissement, prevu: 40000}",
        "  - {annee: 2025, type: investissement, prevu: 40000}\n"
        "  - {annee: 2025, type: fonctionnement, prevu: 15000}",
    )
    repo.write({"actions/mob-03.yaml": text})
    repo.commit("Le service mobilités reprend le plan vélo", "2025-03-10T09:00:00+01:00")
    repo.git("mv", "register/actions/mob-03.yaml", "register/actions/mob-velo.yaml")
    repo.commit("Identifiant parlant", "2025-06-01T09:00:00+02:00")
    repo.write({"actions/mob-velo.yaml": CHANGED_MOB_03})
    subprocess.run(
        ["git", "commit", "-q", "-a", "-m", "Plan vélo réalisé", "--author", "Karim <k@ex.org>"],
        cwd=repo.path,
        env={
            **os.environ,
            **GIT_ENV,
            "GIT_AUTHOR_DATE": "2025-11-03T09:00:00+01:00",
            "GIT_COMMITTER_DATE": "2025-11-03T09:00:00+01:00",
        },
        check=True,
    )


def test_timeline_follows_the_rename(make_repo: MakeRepo) -> None:
    repo = make_repo()
    life_of_mob_03(repo)
    code, out, err = run_history(repo.register, "mob-velo")
    assert code == 0, err
    assert "Historique de l'action mob-velo (register/actions/mob-velo.yaml)" in out
    lines = out.splitlines()
    heads = [line for line in lines if line.startswith("2025-")]
    assert [h.split(" ")[0] for h in heads] == [
        "2025-01-01",
        "2025-03-10",
        "2025-06-01",
        "2025-11-03",
    ]
    assert heads[0].endswith("Claire Martineau — Registre initial")
    assert "Karim — Plan vélo réalisé" in heads[3]
    assert "    création ; statut : En cours ; pilote : svc-voirie" in lines
    assert "    pilote : svc-voirie → svc-mobilites" in lines
    assert "    budget : +15\u202f000 € fonctionnement 2025" in lines
    assert "    renommé : register/actions/mob-03.yaml → register/actions/mob-velo.yaml" in lines
    assert "    statut : En cours → Réalisé" in lines
    assert any("note ajoutée 2025-11-02" in line for line in lines)


def test_json_and_markdown(make_repo: MakeRepo) -> None:
    repo = make_repo()
    life_of_mob_03(repo)
    code, out, _ = run_history(repo.register, "mob-velo", "--format", "json")
    assert code == 0
    payload: dict[str, Any] = json.loads(out)
    assert payload["historique_complet"] is True
    events = payload["evenements"]
    assert len(events) == 4
    assert events[0]["fichier"] == "register/actions/mob-03.yaml"
    assert events[3]["auteur"] == "Karim" and len(events[3]["court"]) >= 7
    assert "statut : En cours → Réalisé" in events[3]["changements"]
    code, out, _ = run_history(repo.register, "mob-velo", "--format", "markdown")
    assert code == 0 and out.startswith("### Historique de l'action mob-velo")


def test_unknown_entity_and_not_a_repository(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    code, out, err = run_history(repo.register, "mob-99")
    assert code == 2 and out == "" and "« mob-99 » introuvable" in err
    alone = tmp_path / "hors-git"
    alone.mkdir()
    (alone / "pcaet.toml").write_text('[registre]\nnom = "x"\n', encoding="utf-8")
    code, _, err = run_history(alone, "mob-03")
    assert code == 2 and "n'est pas dans un dépôt git" in err


def test_shallow_clone_history_is_said_incomplete(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    life_of_mob_03(repo)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    code, out, err = run_history(clone / "register", "mob-velo")
    assert code == 0
    assert "clone superficiel" in err and "Historique incomplet" in out


def test_merges_and_a_moved_register(make_repo: MakeRepo) -> None:
    repo = make_repo()
    repo.git("checkout", "-q", "-b", "velo")
    repo.write({"actions/mob-03.yaml": CHANGED_MOB_03})
    repo.commit("Plan vélo réalisé", "2025-11-03T09:00:00+01:00")
    repo.git("checkout", "-q", "main")
    repo.write({"acteurs/ddt-49.yaml": "nom: DDT 49\ntype: etat\n"})
    repo.commit("DDT", "2025-11-04T09:00:00+01:00")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "velo")
    repo.git("mv", "register", "plan-climat")
    repo.folder = "plan-climat"
    repo.commit("Registre déplacé", "2025-12-01T09:00:00+01:00")
    code, out, err = run_history(repo.register, "mob-03", "--format", "json")
    assert code == 0, err
    events = json.loads(out)["evenements"]
    assert [e["message"] for e in events] == [
        "Registre initial",
        "Plan vélo réalisé",
        "Registre déplacé",
    ]
    assert events[2]["changements"] == [
        "renommé : register/actions/mob-03.yaml → plan-climat/actions/mob-03.yaml"
    ]
    assert all("supprimé" not in line for e in events for line in e["changements"])


def test_history_of_a_deleted_action(make_repo: MakeRepo) -> None:
    repo = make_repo()
    life_of_mob_03(repo)  # mob-03 becomes mob-velo
    repo.remove("actions/mob-velo.yaml")
    repo.commit("Plan vélo retiré du plan", "2025-12-15T09:00:00+01:00")
    deleting = repo.git("rev-parse", "--short", "HEAD")
    code, out, err = run_history(repo.register, "mob-velo")
    assert code == 0, err
    assert (
        f"Historique de l'action mob-velo (register/actions/mob-velo.yaml, supprimé au "
        f"commit {deleting})" in out
    )
    heads = [line for line in out.splitlines() if line.startswith("2025-")]
    assert len(heads) == 5
    assert heads[-1] == f"2025-12-15 {deleting} Claire Martineau — Plan vélo retiré du plan"
    assert out.splitlines()[-1] == "    fichier supprimé"
    payload: dict[str, Any] = json.loads(
        run_history(repo.register, "mob-velo", "--format", "json")[1]
    )
    assert payload["supprime_au_commit"] == deleting
    assert payload["evenements"][0]["fichier"] == "register/actions/mob-03.yaml"
    assert payload["evenements"][-1]["changements"] == ["fichier supprimé"]
    assert payload["evenements"][-1]["fichier"] is None


def test_history_of_a_deleted_actor(make_repo: MakeRepo) -> None:
    repo = make_repo()
    repo.write({"acteurs/svc-voirie.yaml": BASE["acteurs/svc-voirie.yaml"] + "poste: Voirie\n"})
    repo.commit("Poste du service voirie", "2025-02-01T09:00:00+01:00")
    repo.remove("acteurs/svc-voirie.yaml")
    repo.commit("Service voirie fusionné", "2025-03-01T09:00:00+01:00")
    code, out, err = run_history(repo.register, "svc-voirie", "--format", "markdown")
    assert code == 0, err
    assert out.startswith("### Historique de l'acteur svc-voirie")
    deleting = repo.git("rev-parse", "--short", "HEAD")
    assert f"supprimé au commit {deleting}" in out
    assert "Service voirie fusionné" in out and "Poste du service voirie" in out
    # Still unknown when nothing ever held it.
    code, _, err = run_history(repo.register, "svc-jamais")
    assert code == 2 and "ni parmi les fichiers supprimés" in err


def test_an_entity_named_by_its_file(make_repo: MakeRepo, monkeypatch: Any) -> None:
    """The path an officer copies from `pcaet lint` or from the file tree, relative to the
    current folder or absolute, names the same entity as its identifier."""
    repo = make_repo()
    by_id = run_history(repo.register, "mob-03", "--format", "json")
    assert by_id[0] == 0, by_id[2]
    monkeypatch.chdir(repo.path)
    for typed in (
        "register/actions/mob-03.yaml",
        "./register/actions/mob-03.yaml",
        str(repo.register / "actions" / "mob-03.yaml"),
    ):
        assert run_history(repo.register, typed, "--format", "json") == by_id, typed
    monkeypatch.chdir(repo.register / "actions")
    assert run_history(repo.register, "./mob-03.yaml", "--format", "json") == by_id


def test_a_path_outside_the_register_or_to_no_entity(
    make_repo: MakeRepo, tmp_path: Path, monkeypatch: Any
) -> None:
    repo = make_repo()
    monkeypatch.chdir(repo.path)
    code, out, err = run_history(repo.register, str(tmp_path / "actions" / "mob-03.yaml"))
    assert code == 2 and out == ""
    assert "n'est pas dans le registre" in err
    code, _, err = run_history(repo.register, "register/pcaet.toml")
    assert code == 2 and "n'est pas le fichier d'un élément du registre" in err
    # A path says its kind: an action's file is not an actor's.
    code, _, err = run_history(repo.register, "register/acteurs/mob-03.yaml")
    assert code == 2 and "« mob-03 » introuvable" in err


def test_an_unknown_identifier_gets_the_closest(make_repo: MakeRepo) -> None:
    repo = make_repo()
    code, out, err = run_history(repo.register, "mob-3")
    assert code == 2 and out == ""
    assert "« mob-3 » introuvable" in err
    assert err.rstrip().endswith("vouliez-vous dire « mob-03 » ?")
    code, _, err = run_history(repo.register, "zzzzzz")
    assert code == 2 and "vouliez-vous dire" not in err
