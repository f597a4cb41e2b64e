"""`pcaet new` that helps: every field the rules expect is asked at a terminal, among
the register's choices; a mistake is said and asked again; without a terminal an
unknown identifier is refused with what was probably meant, and nothing is written."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.diagnostic import Severity
from pcaet_cli.edit.new_choices import Choice, ChoiceRefused, Choices, RegisterChoices, resolve
from pcaet_cli.lint.engine import LintRequest, run_lint
from tests.conftest import WriteRegister

runner = CliRunner()  # its prompts echo the answers, as a terminal shows them


SMALL = {
    "territoires/epci-brume.yaml": "nom: Communauté de communes de Brume\nnature: CC\n",
    "territoires/commune-brumeval.yaml": "nom: Brumeval\nnature: COM\nmembre_de: [epci-brume]\n",
    "acteurs/svc-mobilite.yaml": "nom: Service mobilité\ntype: service\nterritoire: epci-brume\n",
    "acteurs/svc-energie.yaml": "nom: Service énergie\ntype: service\nterritoire: epci-brume\n",
    "acteurs/paul-durand.yaml": "nom: Paul Durand\ntype: personne\nservice: svc-mobilite\n",
    "acteurs/elu-mobilite.yaml": "nom: Anne Guérin\ntype: elu\nterritoire: epci-brume\n",
    "plans/pcaet-brume.yaml": (
        "nom: PCAET de Brume\ntype: PCAET\nporteur: epci-brume\naxes:\n"
        '  - {code: "1", titre: Bâtiments}\n'
        '  - code: "2"\n    titre: Mobilité\n    sous_axes:\n'
        '      - {code: "2.1", titre: Vélo au quotidien}\n'
    ),
    "actions/mob-01.yaml": "titre: Autopartage\npilote: svc-mobilite\n",
}


def _fields(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _errors_of(root: Path, name: str) -> list[str]:
    run = run_lint(LintRequest(root, today=date(2026, 6, 1)))
    return [
        f"{d.code} {d.message}"
        for d in run.result.diagnostics
        if d.path.endswith(name) and d.severity is Severity.ERROR
    ]


@pytest.fixture
def at_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import pcaet_cli.cli.new as new_cli

    monkeypatch.setattr(new_cli, "_interactive", lambda: True)


# --- resolve -------------------------------------------------------------------------

SERVICES = Choices(
    "pilote",
    "services du registre",
    "un service",
    (Choice("svc-mobilite", "Service mobilité"), Choice("svc-energie", "Service énergie")),
    known={"paul-durand": "une personne"},
)


def test_an_answer_is_an_identifier_a_name_or_a_number_in_any_case_and_accents() -> None:
    assert resolve("svc-energie", SERVICES) == "svc-energie"
    assert resolve("  SVC Mobilite ", SERVICES) == "svc-mobilite"
    assert resolve("service ÉNERGIE", SERVICES) == "svc-energie"
    assert resolve("2", SERVICES, by_number=True) == "svc-energie"
    with pytest.raises(ChoiceRefused, match="« 2 » n'est pas un service du registre"):
        resolve("2", SERVICES)  # a number means a line of the list only at a prompt
    with pytest.raises(ChoiceRefused, match="« 3 » n'est pas"):
        resolve("3", SERVICES, by_number=True)


def test_a_wrong_answer_says_what_it_is_and_what_was_meant() -> None:
    with pytest.raises(ChoiceRefused) as typo:
        resolve("svc-mobilit", SERVICES)
    assert str(typo.value) == (
        "« svc-mobilit » n'est pas un service du registre ; "
        "vouliez-vous dire « svc-mobilite » (Service mobilité) ?"
    )
    with pytest.raises(ChoiceRefused) as part:
        resolve("service", SERVICES)
    assert str(part.value).endswith(
        "vouliez-vous dire « svc-energie » (Service énergie) ou "
        "« svc-mobilite » (Service mobilité) ?"
    )
    with pytest.raises(ChoiceRefused) as person:
        resolve("Paul-Durand", SERVICES)
    assert str(person.value).startswith("« Paul-Durand » est une personne, pas un service ;")
    with pytest.raises(ChoiceRefused) as far:
        resolve("zzz", SERVICES)
    assert str(far.value) == (
        "« zzz » n'est pas un service du registre ; "
        "services du registre : svc-mobilite, svc-energie"
    )
    with pytest.raises(ChoiceRefused, match="réponse attendue : un service"):
        resolve(" ", SERVICES)


def test_two_choices_of_the_same_name_ask_for_the_identifier() -> None:
    twins = Choices(
        "referent", "élus", "un élu", (Choice("elu-a", "Anne Roy"), Choice("elu-b", "Anne Roy"))
    )
    with pytest.raises(ChoiceRefused, match=r"plusieurs choix \(elu-a, elu-b\)"):
        resolve("anne roy", twins)


def test_axis_codes_are_never_line_numbers() -> None:
    axes = Choices(
        "axe",
        "axes",
        "un axe",
        (Choice("1", "Bâtiments"), Choice("2", "Mobilité"), Choice("2.1", "Vélo")),
        numbered=False,
    )
    assert resolve("2", axes, by_number=True) == "2"
    assert resolve("velo", axes, by_number=True) == "2.1"
    with pytest.raises(ChoiceRefused):
        resolve("3", axes, by_number=True)


def test_vocabularies_accept_their_french_names(write_register: WriteRegister) -> None:
    choices = RegisterChoices(write_register({}))
    assert choices.check("territoires", "nature", "commune", {}) == "COM"
    assert choices.check("territoires", "nature", "communauté de communes", {}) == "CC"
    assert choices.check("acteurs", "type", "Élu", {}) == "elu"
    assert choices.check("actions", "statut", "en cours", {}) == "En cours"
    assert choices.check("actions", "priorite", "eleve", {}) == "Élevé"
    assert choices.check("actions", "titre", "en cours", {}) == "en cours"  # free text


# --- without a terminal --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--pilote", "svc-inexistant"],
            "--pilote : « svc-inexistant » n'est pas un service ou un acteur du territoire "
            "du registre ; services et acteurs du territoire du registre : svc-energie, "
            "svc-mobilite",
        ),
        (
            ["--pilote", "mobilite"],
            "--pilote : « mobilite » n'est pas un service ou un acteur du territoire du "
            "registre ; vouliez-vous dire « svc-mobilite » (Service mobilité) ?",
        ),
        (
            ["--pilote", "paul-durand"],
            "--pilote : « paul-durand » est une personne, pas un service ou un acteur du "
            "territoire ;",
        ),
        (
            ["--referent", "svc-mobilite"],
            "--referent : « svc-mobilite » est un service, pas un élu",
        ),
        (
            ["--echelon", "brume"],
            "--echelon : « brume » n'est pas un territoire du registre ; vouliez-vous dire "
            "« epci-brume » (Communauté de communes de Brume) ou « commune-brumeval » "
            "(Brumeval) ?",
        ),
        (
            ["--plan", "pcaet"],
            "--plan : « pcaet » n'est pas un plan du registre ; vouliez-vous dire "
            "« pcaet-brume » (PCAET de Brume) ?",
        ),
        (
            ["--plan", "pcaet-brume", "--axe", "9"],
            "--axe : « 9 » n'est pas un axe du plan « pcaet-brume » ; "
            "axes du plan « pcaet-brume » : 1, 2, 2.1",
        ),
        (["--axe", "2"], "--axe : indiquez aussi --plan, le plan dont c'est un axe"),
        (["--statut", "fini"], "--statut : « fini » n'est pas un statut ; statuts : À venir,"),
    ],
)
def test_an_unknown_value_is_refused_and_nothing_written(
    write_register: WriteRegister, args: list[str], message: str
) -> None:
    root = write_register(SMALL)
    result = runner.invoke(app, ["new", "action", "--titre", "Covoiturage", *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pcaet : erreur : {message}")
    assert result.stdout == ""
    assert sorted(p.name for p in (root / "actions").iterdir()) == ["mob-01.yaml"]


def test_names_and_variants_are_written_as_identifiers_and_labels(
    write_register: WriteRegister,
) -> None:
    root = write_register(SMALL)
    args = ["new", "action", "--titre", "Vélo", "--pilote", "Service Mobilite"]
    args += ["--plan", "PCAET de Brume", "--axe", "vélo au quotidien", "--statut", "en cours"]
    args += ["--referent", "anne guerin", "--echelon", "EPCI-Brume"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    fields = _fields(root / "actions" / "mob-02.yaml")
    assert fields == {
        "titre": "Vélo",
        "plans": {"pcaet-brume": "2.1"},
        "echelon": "epci-brume",
        "statut": "En cours",
        "pilote": "svc-mobilite",
        "referent": "elu-mobilite",
    }
    assert _errors_of(root, "mob-02.yaml") == []
    nature = runner.invoke(app, ["new", "territoire", "--nom", "Chanteraie", "--nature", "commune"])
    assert nature.exit_code == 0, nature.output
    assert _fields(root / "territoires" / "commune-chanteraie.yaml")["nature"] == "COM"


def test_a_plan_without_an_axis_is_written_with_none(write_register: WriteRegister) -> None:
    root = write_register(SMALL)
    result = runner.invoke(app, ["new", "action", "--titre", "T", "--plan", "pcaet-brume"])
    assert result.exit_code == 0, result.output
    assert _fields(root / "actions" / "mob-02.yaml")["plans"] == {"pcaet-brume": None}


# --- at a terminal -------------------------------------------------------------------

SESSION = [
    "Covoiturage : partout",  # Titre
    "pcaet",  # Plan: a mistake…
    "1",  # …corrected by the number of the list
    "2.2",  # Axe: no such axis…
    "vélo au quotidien",  # …its title then
    "paul-durand",  # Pilote: a person…
    "Service mobilité",  # …the service by its name
    "anne guérin",  # Élu référent, by name without the accent's case
    "",  # Échelon: the pilot's territory, proposed
]


def test_an_action_through_the_prompts(write_register: WriteRegister, at_terminal: None) -> None:
    root = write_register(SMALL)
    result = runner.invoke(app, ["new", "action"], input="\n".join(SESSION) + "\n")
    assert result.exit_code == 0, result.output
    told = result.stdout
    assert told.startswith(
        "Titre : Covoiturage : partout\nPlan — plans du registre (numéro, identifiant ou nom) :\n"
    )
    assert "  1. pcaet-brume — PCAET de Brume\n" in told
    assert (
        "Plan : pcaet\n« pcaet » n'est pas un plan du registre ; vouliez-vous dire "
        "« pcaet-brume » (PCAET de Brume) ?\nPlan : 1\n" in told
    )
    assert (
        "Axe — axes du plan « pcaet-brume » (code ou titre) :\n"
        "  1 — Bâtiments\n  2 — Mobilité\n    2.1 — Vélo au quotidien\n" in told
    )
    assert "Axe : 2.2\n« 2.2 » n'est pas un axe du plan « pcaet-brume » ; vouliez-vous dire" in told
    # Services first; a person is no pilot.
    assert (
        "Pilote — services et acteurs du territoire du registre (numéro, identifiant ou nom) :\n"
        "  1. svc-energie — Service énergie\n  2. svc-mobilite — Service mobilité\n" in told
    )
    assert "paul-durand — " not in told
    assert "Pilote : paul-durand\n« paul-durand » est une personne, pas un service" in told
    assert "  1. elu-mobilite — Anne Guérin\n" in told
    assert told.endswith("Échelon [epci-brume] : \nactions/mob-02.yaml\n")
    assert result.stderr == "créé : actions/mob-02.yaml (mob-02)\n"
    assert _fields(root / "actions" / "mob-02.yaml") == {
        "titre": "Covoiturage : partout",
        "plans": {"pcaet-brume": "2.1"},
        "echelon": "epci-brume",
        "pilote": "svc-mobilite",
        "referent": "elu-mobilite",
    }
    assert _errors_of(root, "mob-02.yaml") == []


def test_an_option_given_wrong_is_asked_again_and_the_others_kept(
    write_register: WriteRegister, at_terminal: None
) -> None:
    root = write_register(SMALL)
    args = ["new", "action", "--titre", "T", "--pilote", "svc-mobilit", "--plan", "pcaet-brume"]
    args += ["--axe", "1", "--referent", "elu-mobilite", "--echelon", "commune-brumeval"]
    result = runner.invoke(app, args, input="svc-mobilite\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "--pilote : « svc-mobilit » n'est pas un service ou un acteur du territoire du "
        "registre ; vouliez-vous dire « svc-mobilite » (Service mobilité) ?\nPilote — "
    )
    assert _fields(root / "actions" / "mob-02.yaml") == {
        "titre": "T",
        "plans": {"pcaet-brume": "1"},
        "echelon": "commune-brumeval",
        "pilote": "svc-mobilite",
        "referent": "elu-mobilite",
    }


def test_the_end_of_input_abandons_and_writes_nothing(
    write_register: WriteRegister, at_terminal: None
) -> None:
    root = write_register(SMALL)
    result = runner.invoke(app, ["new", "action"], input="Un titre\npcaet-brume\n")
    assert result.exit_code == 1
    assert result.stdout.endswith("Axe : \nAbandon : rien n'a été écrit.\n")
    assert sorted(p.name for p in (root / "actions").iterdir()) == ["mob-01.yaml"]


def test_an_empty_answer_is_asked_again(write_register: WriteRegister, at_terminal: None) -> None:
    root = write_register(SMALL)
    result = runner.invoke(app, ["new", "plan", "--type", "PCAET"], input="\nPCAET 2030\n")
    assert result.exit_code == 0, result.output
    assert "Nom : \nréponse attendue (Ctrl-C pour abandonner)\nNom : PCAET 2030\n" in result.stdout
    assert _fields(root / "plans" / "pcaet-2030.yaml")["nom"] == "PCAET 2030"


def test_an_actor_and_a_territory_list_their_types_and_natures(
    write_register: WriteRegister, at_terminal: None
) -> None:
    root = write_register(SMALL)
    actor = runner.invoke(app, ["new", "acteur"], input="Service eau\nservise\nService\n")
    assert actor.exit_code == 0, actor.output
    listed = "Type — types d'acteur (numéro, identifiant ou nom) :\n   1. service\n"
    assert listed in actor.stdout
    assert "   4. elu\n" in actor.stdout  # "Élu" would only repeat it
    assert "  10. etat — Services de l'État\n" in actor.stdout
    assert "  14. autre — Autre acteur\nType : " in actor.stdout
    assert (
        "« servise » n'est pas un type d'acteur ; vouliez-vous dire « service » ?" in actor.stdout
    )
    assert _fields(root / "acteurs" / "service-eau.yaml") == {
        "nom": "Service eau",
        "type": "service",
    }
    place = runner.invoke(app, ["new", "territoire"], input="Chanteraie\ncommune\n")
    assert place.exit_code == 0, place.output
    assert "  1. COM — Commune\n" in place.stdout
    assert place.stdout.endswith("Nature : commune\nterritoires/commune-chanteraie.yaml\n")
    assert _fields(root / "territoires" / "commune-chanteraie.yaml") == {
        "nom": "Chanteraie",
        "nature": "COM",
    }


def test_a_long_list_shows_its_first_choices_and_accepts_the_others(
    write_register: WriteRegister, at_terminal: None
) -> None:
    services = {
        f"acteurs/svc-{n:02d}.yaml": f"nom: Service {n:02d}\ntype: service\n" for n in range(1, 21)
    }
    root = write_register({**services, "actions/mob-01.yaml": "titre: T\n"})
    result = runner.invoke(app, ["new", "action", "--titre", "T"], input="svc-20\n")
    assert result.exit_code == 0, result.output
    told = result.stdout
    assert "  15. svc-15 — Service 15\n  … et 5 autres : tapez l'identifiant ou le nom\n" in told
    assert "svc-16 —" not in told
    # No plan, élu nor territory in this register: said once, nothing asked.
    assert "(plans du registre : aucun ; plan à compléter dans le fichier)\n" in told
    assert "(élus du registre : aucun ; élu référent à compléter dans le fichier)\n" in told
    assert _fields(root / "actions" / "mob-02.yaml") == {"titre": "T", "pilote": "svc-20"}


# --- in a real terminal --------------------------------------------------------------


def _own_terminal() -> None:
    """In the child: a session of its own whose controlling terminal is the pty, and
    Ctrl-C's signal handled as at a person's terminal. A shell that starts the tests in
    the background ignores SIGINT, the child inherits that, and Python then installs no
    handler of its own: Ctrl-C would never reach the command."""
    import fcntl
    import os
    import signal
    import termios

    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A `pcaet` process on a pseudo-terminal: what it shows is read until an expected
    text appears, answers are typed as at a keyboard."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        import os
        import subprocess

        self.master, slave = os.openpty()
        env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "120", "LC_ALL": "C.UTF-8"}
        # The code under test, not an installed copy.
        env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pcaet_cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            close_fds=True,
            preexec_fn=_own_terminal,  # Ctrl-C typed there interrupts the process
        )
        os.close(slave)
        self.seen = ""
        self.unread = ""

    def _read(self, timeout: float) -> bool:
        import os
        import select

        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.master, 4096)
        except OSError:  # the process has ended and closed its side
            return False
        text = chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")
        self.seen += text
        self.unread += text
        return bool(chunk)

    def expect(self, text: str, timeout: float = 60) -> str:
        """What was shown up to `text` (included) since the last expectation."""
        import time

        deadline = time.monotonic() + timeout
        while text not in self.unread:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"« {text} » never shown; the terminal shows:\n{self.seen}")
        before, _, after = self.unread.partition(text)
        self.unread = after
        return before + text

    def type(self, line: str) -> None:
        import os

        os.write(self.master, (line + "\n").encode("utf-8"))

    def finish(self, timeout: float = 60) -> int:
        code = self.process.wait(timeout)
        while self._read(0.2):
            pass
        import os

        os.close(self.master)
        return code


POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminal POSIX")


@POSIX_ONLY
def test_an_action_created_at_a_real_terminal_lints_without_error(tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess

    from tests.conftest import EXAMPLE

    root = tmp_path / "registre"
    shutil.copytree(EXAMPLE, root)
    term = Terminal(["new", "action"], cwd=root)
    term.expect("Titre : ")
    term.type("Covoiturage : partout")
    listed = term.expect("Plan : ")
    assert "  3. pcaet-brume — PCAET du Pays de Brume 2024-2029\n" in listed
    term.type("pcaet brum")  # the mistake
    said = term.expect("Plan : ")
    assert (
        "« pcaet brum » n'est pas un plan du registre ; vouliez-vous dire « pcaet-brume »" in said
    )
    term.type("3")  # corrected by its number
    axes = term.expect("Axe : ")
    assert "    2.1 — Marche et vélo au quotidien\n" in axes
    term.type("2.1")
    pilots = term.expect("Pilote : ")
    assert "   8. vdb-svc-mobilite — Service mobilités\n" in pilots
    term.type("service mobilités")
    term.expect("Élu référent : ")
    term.type("elu-vdb-vp-mo\t")  # Tab completes the identifier
    term.expect("Échelon [epci-val-de-brume] : ")  # the pilot's territory, proposed
    term.type("")
    term.expect("créé : actions/mob-10.yaml (mob-10)")
    assert term.finish() == 0

    fields = _fields(root / "actions" / "mob-10.yaml")
    assert fields == {
        "titre": "Covoiturage : partout",
        "plans": {"pcaet-brume": "2.1"},
        "echelon": "epci-val-de-brume",
        "pilote": "vdb-svc-mobilite",
        "referent": "elu-vdb-vp-mobilite",
    }
    lint = subprocess.run(
        [
            sys.executable,
            "-m",
            "pcaet_cli",
            "lint",
            str(root),
            "--format=json",
            "--date=2026-06-01",
        ],
        capture_output=True,
        text=True,
        cwd=root,
        env={**__import__("os").environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        check=False,
        timeout=300,
    )
    report = json.loads(lint.stdout)
    mine = [d for d in report["diagnostics"] if d["path"] == "actions/mob-10.yaml"]
    assert [d["code"] for d in mine] == ["P007", "P008"]  # sectors and domains: warnings
    assert [d for d in mine if d["severity"] == "error"] == []
    assert report["stats"]["errors"] == 0
    assert lint.returncode == 0


@POSIX_ONLY
def test_ctrl_c_at_a_real_terminal_writes_nothing(tmp_path: Path) -> None:
    import os
    import shutil
    import time

    from tests.conftest import EXAMPLE

    root = tmp_path / "registre"
    shutil.copytree(EXAMPLE, root)
    term = Terminal(["new", "action"], cwd=root)
    term.expect("Titre : ")
    term.type("Covoiturage")
    term.expect("Plan : ")
    # A signal that comes while readline sets up, before it waits for a key, is seen
    # at the next key only: as a person would, press Ctrl-C again if nothing happens.
    # The wait doubles each time (a loaded machine can take seconds to reach the
    # prompt, and a second Ctrl-C should not land while the first is being handled);
    # only the overall deadline fails the test.
    deadline = time.monotonic() + 120
    wait = 1.0
    while True:
        os.write(term.master, b"\x03")  # Ctrl-C, as the terminal sends it
        try:
            term.expect("Abandon : rien n'a été écrit.", timeout=wait)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            wait = min(wait * 2, 16)
    assert term.finish() == 1
    assert not (root / "actions" / "mob-10.yaml").exists()
