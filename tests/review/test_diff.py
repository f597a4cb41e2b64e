"""`pcaet diff` on real git repositories: what a reviewer reads in a merge request."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.lint.engine import LintRequest, run_lint
from pcaet_cli.review.diff import compare
from pcaet_cli.review.snapshot import from_lint
from tests.review.conftest import BASE, CHANGED_MOB_03, MakeRepo, Repo, feature_change

BASE_TOML = BASE["pcaet.toml"]

runner = CliRunner()


def run_diff(repo: Repo | Path, *args: str) -> tuple[int, str, str]:
    register = repo.register if isinstance(repo, Repo) else repo
    result = runner.invoke(
        app,
        ["diff", *args, "-r", str(register), "--date", "2026-01-15"],
        env={"NO_COLOR": "1"},
    )
    return result.exit_code, result.stdout, result.stderr


def as_json(repo: Repo, *args: str) -> dict[str, Any]:
    code, out, err = run_diff(repo, *args, "--format", "json")
    assert code == 0, err
    payload: dict[str, Any] = json.loads(out)
    return payload


def test_feature_branch_against_main_in_the_domain_words(make_repo: MakeRepo) -> None:
    repo = make_repo()
    feature_change(repo)
    code, out, err = run_diff(repo)
    assert code == 0, err
    assert "\x1b[" not in out
    assert "+ action mob-05 « Atelier de réparation » ajoutée" in out
    assert "− action mob-02 « Haies bocagères » supprimée" in out
    assert "→ action ener-01 renommée en ener-01b" in out
    assert "statut : En cours → Réalisé" in out
    assert "pilote : Service voirie (svc-voirie) → Service mobilités (svc-mobilites)" in out
    assert "partenaires : + ADEME (ademe), − CCI 49 (cci-49)" in out
    assert "budget : +15\u202f000 € fonctionnement 2025" in out
    assert "mesure 2025 = 19 km" in out
    assert (
        "note ajoutée 2025-11-02, Service mobilités (svc-mobilites) : « Dernière section livrée. »"
        in " ".join(out.split())
    )
    assert "actions en retard : 1 → 0" in out
    assert "lacune ouverte, secteur « Agriculture » sans action" in out


def test_json_holds_every_change(make_repo: MakeRepo) -> None:
    repo = make_repo()
    feature_change(repo)
    payload = as_json(repo)
    assert payload["apres"]["revision"] == "copie de travail"
    assert payload["differences"] is True
    assert [a["id"] for a in payload["ajoutees"]] == ["mob-05"]
    assert [r["id"] for r in payload["supprimees"]] == ["mob-02"]
    assert payload["renommees"] == [
        {
            "type": "action",
            "ancien_id": "ener-01",
            "nouvel_id": "ener-01b",
            "ancien_fichier": "register/actions/ener-01.yaml",
            "nouveau_fichier": "register/actions/ener-01b.yaml",
        }
    ]
    [changed] = payload["modifiees"]
    fields = {c["champ"]: c for c in changed["changements"]}
    assert fields["statut"]["avant"] == "En cours" and fields["statut"]["apres"] == "Réalisé"
    assert fields["pilote"]["resume"] == (
        "pilote : Service voirie (svc-voirie) → Service mobilités (svc-mobilites)"
    )
    assert (fields["pilote"]["avant"], fields["pilote"]["apres"]) == ("svc-voirie", "svc-mobilites")
    assert len(fields["budget"]["apres"]) == 2
    figures = {f["chiffre"]: f for f in payload["chiffres"]}
    assert figures["budget prévu"]["avant"] == 40000 and figures["budget prévu"]["apres"] == 55000
    [coverage] = payload["couverture"]
    assert coverage["plan"] == "pcaet-a"
    assert "secteur « Agriculture »" in coverage["lacunes_ouvertes"]
    assert coverage["lacunes_comblees"] == []


def test_markdown_for_a_merge_request(make_repo: MakeRepo, snapshot: object) -> None:
    repo = make_repo()
    base = repo.git("rev-parse", "--short", "HEAD")
    feature_change(repo)
    repo.commit("Plan vélo réalisé", "2025-11-03T09:00:00+01:00")
    code, out, _ = run_diff(repo, "main", "velo", "--format", "markdown")
    assert code == 0
    assert out.startswith(f"### Changements du registre ({base} → ")
    head = repo.git("rev-parse", "--short", "HEAD")
    assert f"- `{head}` 2025-11-03 Claire Martineau — Plan vélo réalisé" in out
    # Hashes change with every run: the snapshot holds the rest.
    assert out.split("\n", 1)[1].replace(head, "<commit>") == snapshot


def test_exit_code_says_whether_anything_changed(make_repo: MakeRepo) -> None:
    repo = make_repo()
    code, out, _ = run_diff(repo, "--exit-code")
    assert code == 0 and "aucune différence dans le registre" in out
    repo.write({"actions/mob-03.yaml": CHANGED_MOB_03})
    assert run_diff(repo, "--exit-code")[0] == 1
    assert run_diff(repo)[0] == 0


def test_comment_only_change_is_no_difference(make_repo: MakeRepo) -> None:
    repo = make_repo()
    path = repo.register / "actions/mob-02.yaml"
    path.write_text("# relu en comité\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_diff(repo, "--exit-code")[0] == 0


def test_a_file_that_does_not_parse_is_said_not_fatal(make_repo: MakeRepo) -> None:
    repo = make_repo()
    repo.write({"actions/mob-02.yaml": "titre: [cassée\n", "actions/mob-09.yaml": "titre: [\n"})
    code, out, err = run_diff(repo, "--exit-code")
    assert code == 1, err
    assert "action mob-02 : illisible après le changement (register/actions/mob-02.yaml)" in out
    assert "action mob-09 : illisible après le changement" in out
    repo.commit("Fichier cassé")
    repo.write({"actions/mob-02.yaml": "titre: Haies\n"})
    payload = as_json(repo, "HEAD~1", "HEAD")
    assert {u["id"]: u["cote"] for u in payload["illisibles"]} == {
        "mob-02": "après",
        "mob-09": "après",
    }
    payload = as_json(repo, "HEAD")
    assert {u["id"]: u["cote"] for u in payload["illisibles"]} == {"mob-02": "avant"}


def test_register_moved_between_folders(make_repo: MakeRepo) -> None:
    repo = make_repo()
    repo.git("mv", "register", "plan-climat")
    repo.folder = "plan-climat"
    repo.commit("Registre déplacé")
    code, out, err = run_diff(repo, "HEAD~1", "HEAD", "--exit-code")
    assert code == 1, err
    assert "registre déplacé : register/ → plan-climat/" in out
    assert "entités : " not in out  # every entity is the same, only the folder moved
    repo.write({"actions/mob-03.yaml": CHANGED_MOB_03})
    payload = as_json(repo, "HEAD~1")
    assert payload["avant"]["dossier"] == "register"
    assert payload["apres"]["dossier"] == "plan-climat"
    assert [c["id"] for c in payload["modifiees"]] == ["mob-03"]


def test_default_start_is_the_merge_base_with_main(make_repo: MakeRepo) -> None:
    repo = make_repo()
    feature_change(repo)
    repo.commit("Plan vélo")
    # main moves on after the branch started: its changes are not the branch's.
    repo.git("checkout", "-q", "main")
    repo.write({"acteurs/ddt-49.yaml": "nom: DDT 49\ntype: etat\n"})
    repo.commit("DDT")
    repo.git("checkout", "-q", "velo")
    payload = as_json(repo)
    assert [a["id"] for a in payload["ajoutees"]] == ["mob-05"]
    # After merging main into the branch, the merge base is main's tip: still only ours.
    repo.git("merge", "-q", "--no-edit", "main")
    payload = as_json(repo)
    assert [a["id"] for a in payload["ajoutees"]] == ["mob-05"]
    assert [a["id"] for a in as_json(repo, "main")["ajoutees"]] == ["mob-05"]


def test_errors_in_french(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    code, out, err = run_diff(repo, "nimporte-quoi")
    assert code == 2 and out == ""
    assert "révision inconnue : « nimporte-quoi »" in err
    result = runner.invoke(app, ["diff", "-r", str(repo.register), "--", "-x"])
    assert result.exit_code == 2 and "révision inconnue : « -x »" in result.stderr
    alone = tmp_path / "hors-git"
    alone.mkdir()
    (alone / "pcaet.toml").write_text('[registre]\nnom = "x"\n', encoding="utf-8")
    code, _, err = run_diff(alone)
    assert code == 2 and "n'est pas dans un dépôt git" in err


def test_shallow_clone_says_history_is_incomplete(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    first = repo.git("rev-parse", "HEAD")
    repo.write({"actions/mob-03.yaml": CHANGED_MOB_03})
    repo.commit("Plan vélo")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    code, _, err = run_diff(clone / "register", first)
    assert code == 2
    assert "clone superficiel" in err and "git fetch --unshallow" in err
    # What the clone holds can still be compared.
    assert run_diff(clone / "register", "HEAD")[0] == 0


def test_share_carried_by_actors_and_coverage_closed(make_repo: MakeRepo) -> None:
    repo = make_repo()
    text = (repo.register / "actions/mob-03.yaml").read_text(encoding="utf-8")
    text = text.replace("pilote: svc-voirie", "pilote: asso-velo")
    text = text.replace("secteurs: [Transport routier]", "secteurs: [Transport routier, Tertiaire]")
    repo.write({"actions/mob-03.yaml": text})
    code, out, _ = run_diff(repo)
    assert code == 0
    assert "part portée par les acteurs du territoire : 33\u00a0% → 67\u00a0%" in out
    assert "pcaet-a : lacune comblée, secteur « Tertiaire » désormais couvert" in out


def test_before_the_register_existed_everything_is_added(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "neuf")
    (repo.path / "LISEZMOI.md").write_text("Plan climat\n", encoding="utf-8")
    repo.commit("Dépôt créé")
    repo.write(
        {
            "pcaet.toml": '[registre]\nnom = "x"\n',
            "actions/mob-01.yaml": "titre: Vélo\n",
        }
    )
    payload = as_json(repo, "HEAD")
    assert [a["id"] for a in payload["ajoutees"]] == ["mob-01"]
    assert payload["chiffres"][0] == {
        "chiffre": "actions",
        "avant": 0,
        "apres": 1,
        "avant_texte": "0",
        "apres_texte": "1",
    }


def test_output_file_needs_force(make_repo: MakeRepo, tmp_path: Path) -> None:
    repo = make_repo()
    repo.write({"actions/mob-03.yaml": CHANGED_MOB_03})
    target = tmp_path / "revue.md"
    code, _, err = run_diff(repo, "-f", "markdown", "-o", str(target))
    assert code == 0 and "différences écrites dans" in err
    assert "statut : En cours → Réalisé" in target.read_text(encoding="utf-8")
    code, _, err = run_diff(repo, "-o", str(target))
    assert code == 2 and "--force" in err
    assert run_diff(repo, "-o", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("Changements du registre")


def test_a_side_lint_cannot_check_is_said_and_still_compared(make_repo: MakeRepo) -> None:
    """An invalid pcaet.toml at the base: no errors can be computed, yet the diff of
    the entities is made from the files read in git."""
    repo = make_repo()
    repo.write({"pcaet.toml": "[registre\n"})
    repo.commit("Réglages cassés")
    repo.write({"pcaet.toml": BASE_TOML, "actions/mob-03.yaml": CHANGED_MOB_03})
    repo.remove("actions/mob-02.yaml")
    repo.commit("Réglages réparés")
    payload = as_json(repo, "HEAD~1", "HEAD")
    assert "pcaet.toml" in payload["verification_impossible"]
    assert payload["erreurs_introduites"] == []
    assert [a["id"] for a in payload["modifiees"]] == ["mob-03"]
    assert [a["id"] for a in payload["supprimees"]] == ["mob-02"]
    # Both sides are checked again once the base is valid.
    assert as_json(repo, "HEAD~2", "HEAD")["verification_impossible"] is None


def test_a_file_lint_does_not_read_is_unreadable_not_removed(make_repo: MakeRepo) -> None:
    """A file over the size limit is never read: the diff says it cannot read it
    rather than reporting the action removed."""
    repo = make_repo()
    repo.write({"pcaet.toml": BASE_TOML + "taille-max-fichier = 2000\n"})
    repo.commit("Limite de taille")
    padding = "\n".join(f"# ligne de commentaire {n}" for n in range(200))
    repo.write({"actions/mob-02.yaml": BASE["actions/mob-02.yaml"] + padding + "\n"})
    payload = as_json(repo, "HEAD")
    assert payload["supprimees"] == [] and payload["ajoutees"] == []
    assert [(u["id"], u["cote"]) for u in payload["illisibles"]] == [("mob-02", "après")]
    assert [e["code"] for e in payload["erreurs_introduites"]] == ["Y008"]


def test_only_the_entities_a_change_touches_are_compared(make_repo: MakeRepo) -> None:
    """Between two lint runs most files are the same text: their models are never
    dumped, which is most of a large register's comparison."""
    repo = make_repo()
    request = LintRequest(path=repo.register, cache=False)
    first = run_lint(request)
    repo.write({"actions/mob-03.yaml": CHANGED_MOB_03})
    second = run_lint(request)
    before = from_lint("avant", "register", first.loaded, first.index)
    after = from_lint("après", "register", second.loaded, second.index)
    result = compare(before, after, date(2026, 1, 15))
    assert [(c.id, c.path) for c in result.changed] == [("mob-03", "register/actions/mob-03.yaml")]
    for snapshot in (before, after):
        dumped = [key for key, entity in snapshot.entities.items() if entity._data is not None]
        assert dumped == [("actions", "mob-03")]
    assert before.index() is first.index and after.index() is second.index
