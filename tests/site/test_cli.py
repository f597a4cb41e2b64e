"""`pcaet site` as a user meets it: where it writes, what it refuses, its messages."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.errors import PcaetError
from pcaet_cli.site.output import MARKER, site_folder
from tests.conftest import EXAMPLE, REPO, WriteRegister

runner = CliRunner()
SMALL = {
    "territoires/epci-a.yaml": "nom: CC A\nnature: CC\n",
    "acteurs/svc-a.yaml": "nom: Service A\ntype: service\n",
    "actions/act-1.yaml": "titre: Une action\npilote: svc-a\nechelon: epci-a\n",
}


def site(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["site", *args, "--date", "2026-11-29"])
    return result.exit_code, result.stderr


def test_writes_the_site_and_says_where(write_register: WriteRegister, tmp_path: Path) -> None:
    write_register(SMALL)
    target = tmp_path / "public"
    code, err = site("-o", str(target))
    assert code == 0, err
    assert f"site écrit dans {target} : 9 pages" in err and "index.html" in err
    assert (target / "actions" / "act-1.html").is_file() and (target / MARKER).is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_replaces_its_own_site_without_force(write_register: WriteRegister, tmp_path: Path) -> None:
    write_register(SMALL)
    target = tmp_path / "public"
    assert site("-o", str(target))[0] == 0
    (target / "ancienne-page.html").write_text("périmée", encoding="utf-8")
    code, err = site("-o", str(target), "--titre", "Nouveau titre")
    assert code == 0, err
    assert not (target / "ancienne-page.html").exists()
    assert "Nouveau titre" in (target / "index.html").read_text(encoding="utf-8")


def test_refuses_a_folder_it_did_not_write(write_register: WriteRegister, tmp_path: Path) -> None:
    write_register(SMALL)
    target = tmp_path / "documents"
    target.mkdir()
    (target / "rapport.odt").write_text("à garder", encoding="utf-8")
    code, err = site("-o", str(target))
    assert code == 2
    assert err.startswith("pcaet : erreur : ") and "--force" in err and "Traceback" not in err
    assert (target / "rapport.odt").read_text(encoding="utf-8") == "à garder"
    code, err = site("-o", str(target), "--force")
    assert code == 0, err
    assert not (target / "rapport.odt").exists() and (target / "index.html").is_file()


def test_never_replaces_the_register(write_register: WriteRegister) -> None:
    root = write_register(SMALL)
    for target in (root, root.parent):
        code, err = site("-o", str(target), "--force")
        assert code == 2 and "contient le registre" in err
    assert (root / "actions" / "act-1.yaml").is_file()


def test_refuses_a_file_and_a_missing_register(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    write_register(SMALL)
    existing = tmp_path / "site.html"
    existing.write_text("x", encoding="utf-8")
    code, err = site("-o", str(existing))
    assert code == 2 and "est un fichier" in err
    code, err = site("-r", str(tmp_path / "absent"), "-o", str(tmp_path / "public"))
    assert code == 2 and "introuvable" in err


def write_site(target: Path, files: Iterable[tuple[str, str]]) -> int:
    with site_folder(target) as folder:
        for relative, content in files:
            folder.write(relative, content)
    return folder.pages


def test_a_failure_midway_leaves_the_previous_site(tmp_path: Path) -> None:
    target = tmp_path / "public"
    assert write_site(target, [("index.html", "ancien"), ("site.css", "")]) == 1

    def failing() -> Iterator[tuple[str, str]]:
        yield "index.html", "nouveau"
        raise RuntimeError("disque plein")

    with pytest.raises(RuntimeError):
        write_site(target, failing())
    assert (target / "index.html").read_text(encoding="utf-8") == "ancien"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


@pytest.mark.parametrize("escape", ["../dehors.html", "actions/../../dehors.html", "/tmp/x.html"])
def test_a_page_path_leaving_the_site_writes_nothing(tmp_path: Path, escape: str) -> None:
    target = tmp_path / "site" / "public"
    pages = iter([("index.html", "accueil"), ("actions/a.html", "a"), (escape, "dehors")])
    with pytest.raises(PcaetError, match="sortirait du dossier"):
        write_site(target, pages)
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == []
    assert not (tmp_path / "dehors.html").exists()
    # Two pages in one folder, one inside another: the folders are made once and right.
    write_site(target, iter([("a/b.html", "b"), ("a/c.html", "c"), ("a/d/e.html", "e")]))
    assert (target / "a" / "d" / "e.html").read_text(encoding="utf-8") == "e"
    assert (target / "a" / "c.html").read_text(encoding="utf-8") == "c"


def test_the_installed_command_builds_the_public_site(tmp_path: Path) -> None:
    target = tmp_path / "public"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pcaet_cli",
            "site",
            "-r",
            str(EXAMPLE),
            "-o",
            str(target),
            "--public",
            "--date",
            "2026-11-29",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "site public écrit dans" in done.stderr and "72 pages" in done.stderr
