"""`pcaet site --public` as a promise: agents' names, and everybody's e-mail addresses and
phone numbers, however they are written, are not published; élus' names, amounts,
years, codes and ordinary words are."""

from __future__ import annotations

import html
import json
import re
import time
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pcaet_cli.cli import app
from pcaet_cli.model import Acteur, Action
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import load_register
from pcaet_cli.site.public import anonymise
from pcaet_cli.site.scrub import EMAIL_HIDDEN, PHONE_HIDDEN, NameScrubber
from tests.conftest import WriteRegister
from tests.site.conftest import read_html

NBSP, NNBSP = "\u00a0", "\u202f"

SCRUB = NameScrubber(
    [
        ("Claire MARTINEAU", "[CM]"),
        ("Stéphane LE GALL", "[SLG]"),
        ("Anne-Sophie GUÉRIN", "[ASG]"),
        ("Paul MARCHE", "[PM]"),
        ("Anne PARIS", "[AP]"),
        ("Lætitia BŒUF", "[LB]"),
    ]
)
# Two élus, kept as written, and an agent sharing a surname with one of them.
SHARED = NameScrubber(
    [("Paul GUÉRIN", "[PG]"), ("Hervé GUÉRIN", None), ("Anne-Sophie LAMBERT", None)]
)


def _in_a_sentence(written: str) -> str:
    return f"Voir {written} avant lundi."


PHONES = [
    "+33 (0)6 12 34 56 78",
    "+33(0)6 12 34 56 78",
    "+33 (0) 6 12 34 56 78",
    "0033 6 12 34 56 78",
    "+33 6 12 34 56 78",
    "+33612345678",
    "+33.6.12.34.56.78",
    "(+33) 6 12 34 56 78",
    "(0033) 6 12 34 56 78",
    "06 12 34 56 78",
    "06.12.34.56.78",
    "06-12-34-56-78",
    "0612345678",
    "06 12 34 5678",
    f"06{NBSP}12{NBSP}34{NBSP}56{NBSP}78",
    f"06{NNBSP}12{NNBSP}34{NNBSP}56{NNBSP}78",
    f"+33{NBSP}6{NBSP}12{NBSP}34{NBSP}56{NBSP}78",
    "02 41 00 00 00",
    "09 70 12 34 56",
    "+262 692 12 34 56",
    "0262 12 34 56",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_hidden(phone: str) -> None:
    assert SCRUB(_in_a_sentence(phone)) == _in_a_sentence(PHONE_HIDDEN)


def test_two_numbers_in_a_row_are_both_hidden() -> None:
    text = "Tél. 06 12 34 56 78 / 02 41 00 00 00"
    assert SCRUB(text) == f"Tél. {PHONE_HIDDEN} / {PHONE_HIDDEN}"


EMAILS = [
    "claire.martineau@example.fr",
    "CLAIRE.MARTINEAU@EXAMPLE.FR",
    "Claire.Martineau@Example.Fr",
    "claire+pcaet@mairie.example.fr",
    "claire.anne.marie.martineau.pcaet.petr.brume@agglo.service.example.fr",
    "claire(dot)martineau(at)example(dot)fr",
    "claire (dot) martineau (at) example (dot) fr",
    "claire [at] example [dot] fr",
    "claire[at]example[dot]fr",
    "claire{at}example{dot}fr",
    "claire<at>example<dot>fr",
    "claire [@] example [.] fr",
    "claire(arobase)example(point)fr",
    "claire at example dot fr",
    "claire AT example DOT fr",
    "claire arobase example point fr",
    "claire.martineau at example.fr",
    "claire @ example.fr",
    "claire . martineau @ example . fr",
]


@pytest.mark.parametrize("email", EMAILS)
def test_email_addresses_are_hidden(email: str) -> None:
    assert SCRUB(_in_a_sentence(email)) == _in_a_sentence(EMAIL_HIDDEN)


NAMES = [
    # In full, in any case, with or without accents and hyphens, in either order.
    ("Claire Martineau", "[CM]"),
    ("CLAIRE MARTINEAU", "[CM]"),
    ("claire martineau", "[CM]"),
    ("MARTINEAU Claire", "[CM]"),
    ("Martineau, Claire", "[CM]"),
    ("claire-martineau", "[CM]"),
    ("Stephane Le Gall", "[SLG]"),
    ("stéphane le gall", "[SLG]"),
    ("STEPHANE LE GALL", "[SLG]"),
    ("Stéphane Le-Gall", "[SLG]"),
    ("Le Gall Stéphane", "[SLG]"),
    ("Anne Sophie Guérin", "[ASG]"),
    ("Anne-Sophie Guérin", "[ASG]"),
    ("anne-sophie guerin", "[ASG]"),
    ("Anne-Sophie Guerin", "[ASG]"),
    ("Laetitia Boeuf", "[LB]"),
    ("LÆTITIA BŒUF", "[LB]"),
    # Initials with the surname.
    ("A.-S. Guérin", "[ASG]"),
    ("A-S Guérin", "[ASG]"),
    ("A.S. Guérin", "[ASG]"),
    ("A. S. Guérin", "[ASG]"),
    ("A. Guérin", "[ASG]"),
    ("A.-S. GUERIN", "[ASG]"),
    ("C. Martineau", "[CM]"),
    ("C Martineau", "[CM]"),
    ("C.Martineau", "[CM]"),
    ("S. Le Gall", "[SLG]"),
    ("Martineau C.", "[CM]"),
    ("Guérin A.-S.", "[ASG]"),
    # The surname after a civility, in any case.
    ("Mme Martineau", "[CM]"),
    ("Mme. Martineau", "[CM]"),
    (f"Mme{NBSP}Martineau", "[CM]"),
    ("Madame Martineau", "[CM]"),
    ("madame martineau", "[CM]"),
    ("M. Le Gall", "[SLG]"),
    ("M. le Gall", "[SLG]"),
    ("Monsieur LE GALL", "[SLG]"),
    ("Mr Le Gall", "[SLG]"),
    ("Dr Martineau", "[CM]"),
    ("Mme Claire Martineau", "[CM]"),
    ("M. Paul Marche", "[PM]"),
    ("M. Marche", "[PM]"),
    ("Mme Boeuf", "[LB]"),
    # The surname alone in capitals, with or without accents.
    ("MARTINEAU", "[CM]"),
    ("LE GALL", "[SLG]"),
    ("GUERIN A.-S.", "[ASG]"),
    ("MARCHE", "[PM]"),
    ("BOEUF", "[LB]"),
]


@pytest.mark.parametrize(("written", "label"), NAMES)
def test_agents_names_are_hidden(written: str, label: str) -> None:
    assert SCRUB(_in_a_sentence(written)) == _in_a_sentence(label)


def test_decomposed_accents_are_names_too() -> None:
    written = unicodedata.normalize("NFD", "Stéphane Le Gall et Anne-Sophie Guérin")
    assert SCRUB(written) == "[SLG] et [ASG]"


def test_an_elus_name_stays_where_an_agents_surname_is_part_of_it() -> None:
    text = "Hervé GUÉRIN préside ; Paul Guérin et Anne-Sophie Lambert l'assistent."
    assert SHARED(text) == "Hervé GUÉRIN préside ; [PG] et Anne-Sophie Lambert l'assistent."


def test_where_an_agent_and_an_elu_could_be_meant_the_name_is_hidden() -> None:
    # "M. Guérin" could be Paul (an agent) or Hervé (an élu): hiding it wrongly costs
    # less than naming an agent.
    assert SHARED("M. Guérin viendra, GUÉRIN aussi.") == "[PG] viendra, [PG] aussi."


UNTOUCHED = [
    "Budget : 15 000 € en 2025, puis 1 250 000 € HT sur 2026-2030.",
    f"15{NNBSP}000{NBSP}€ par an",
    "+15 000 € en 2026, +33 % de vélos en 2030",
    "Années 2024, 2025 et 2026.",
    "Code INSEE 49007, puis 01053 et 01004.",
    "SIREN 123 456 789 ou 200071678, SIRET 123 456 789 00012.",
    "Réunion le 12/03/2025, puis le 01.02.2025 12 participants, puis le 2025-01-15.",
    "Marche et vélo, une association.",
    "La marche à pied, la Marche pour le climat.",
    "A Paris, la réunion a eu lieu.",
    "Une eau claire et un avis clair.",
    "Le lieu-dit la Guérinière, les Martineaux.",
    "Un bœuf, un point à l'ordre du jour.",
    "Bilan at mi-parcours point fort.",
    "Voir le rapport (page 12), le point 3.",
    "Contact : le service énergie-climat.",
]


@pytest.mark.parametrize("text", UNTOUCHED)
def test_ordinary_words_and_numbers_stay(text: str) -> None:
    assert SCRUB(text) == text


def test_only_the_name_is_replaced_in_a_longer_text() -> None:
    text = "Marche et vélo : M. Marche (06 12 34 56 78) réunit 15 000 cyclistes en 2025."
    assert SCRUB(text) == (
        f"Marche et vélo : [PM] ({PHONE_HIDDEN}) réunit 15 000 cyclistes en 2025."
    )


def test_hostile_texts_and_names_cost_little() -> None:
    """Anyone who can open a merge request writes the register: a spaced-out text must
    not take seconds per field (it did, 4 s for this one), a name of two thousand words
    must not exhaust the stack."""
    scrub = NameScrubber([(" ".join(["Jean"] * 2000) + " DUPONT", "[JD]")])
    start = time.perf_counter()
    assert scrub("a . " * 5000 + "@ (dot) M. Dupont").endswith("(dot) [JD]")
    spelt = "a (dot) " * 3000 + "@"
    assert scrub(spelt) == spelt
    assert time.perf_counter() - start < 1


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


FREE_TEXT = (
    "Contact : Stephane Le Gall (M. Le Gall, S. Le Gall, LE GALL) au 06.12.34.56.78 "
    "ou +33 (0)6 12 34 56 78, stephane(dot)legall(at)cc-brume(dot)fr. "
    "Marche et vélo réunit 15 000 cyclistes en 2025. Mme Guérin présidera."
)
REGISTER = {
    "territoires/epci-a.yaml": "nom: CC de Brume\nnature: CC\ncharge_de_mission: slg\n",
    "acteurs/svc-a.yaml": "nom: Service énergie\ntype: service\n",
    "acteurs/slg.yaml": (
        "nom: Stéphane LE GALL\ntype: personne\nposte: Chargé de mission climat\n"
        "service: svc-a\nemail: stephane.legall@cc-brume.fr\ntelephone: '+33 6 12 34 56 78'\n"
    ),
    "acteurs/elu-a.yaml": (
        "nom: Anne-Sophie GUÉRIN\ntype: elu\nterritoire: epci-a\nfonction: Présidente\n"
        "email: as.guerin@cc-brume.fr\ntelephone: 06 98 76 54 32\n"
    ),
    "actions/act-1.yaml": (
        f"titre: Plan vélo\ndescription: {_q(FREE_TEXT)}\npilote: svc-a\nechelon: epci-a\n"
        "referent: elu-a\npersonnes: [slg]\n"
    ),
}


def test_the_built_site_publishes_no_agent_and_no_contact(
    write_register: WriteRegister, tmp_path: Path
) -> None:
    write_register(REGISTER)
    target = tmp_path / "public"
    result = CliRunner().invoke(
        app, ["site", "-o", str(target), "--public", "--date", "2026-11-29"]
    )
    assert result.exit_code == 0, result.stderr
    written = [p.read_text(encoding="utf-8") for p in target.rglob("*") if p.is_file()]
    assert len(written) > 5
    everything = html.unescape("\n".join(written))
    folded = everything.casefold()
    for secret in ("Stéphane", "Stephane", "Le Gall", "legall", "slg", "cc-brume", "(dot)"):
        assert secret.casefold() not in folded, secret
    digits = re.sub(r"\D", "", everything)
    assert "612345678" not in digits and "698765432" not in digits
    # What stays: the élu, the words and the amounts.
    for kept in ("Anne-Sophie GUÉRIN", "Mme Guérin présidera", "Marche et vélo", "15 000"):
        assert kept in everything, kept
    action = read_html(target / "actions" / "act-1.html").text
    assert "Chargé de mission climat (Service énergie)" in action
    assert "Anne-Sophie GUÉRIN" in action and "Présidente" in action
    assert PHONE_HIDDEN in action and EMAIL_HIDDEN in action


WORKLOAD = {
    "territoires/epci-a.yaml": "nom: CC de Brume\nnature: CC\n",
    "acteurs/svc-a.yaml": "nom: Service énergie\ntype: service\n",
    # One agent holds the climate post: their time would be theirs on a public page.
    "acteurs/seul.yaml": (
        "nom: Stéphane LE GALL\ntype: personne\nposte: Chargé de mission climat\n"
        "service: svc-a\ntemps_disponible: 0.8\n"
    ),
    # Two agents share the same post in the service: neither is singled out.
    "acteurs/tech-1.yaml": (
        "nom: Ana ROUX\ntype: personne\nposte: Technicien\nservice: svc-a\ntemps_disponible: 0.5\n"
    ),
    "acteurs/tech-2.yaml": (
        "nom: Luc BRUN\ntype: personne\nposte: Technicien\nservice: svc-a\ntemps_disponible: 0.5\n"
    ),
    "acteurs/sans-service.yaml": "nom: Eva NOIR\ntype: personne\nposte: Stagiaire\n",
    "actions/act-1.yaml": (
        "titre: Plan vélo\npilote: svc-a\nechelon: epci-a\n"
        "temps:\n  - {acteur: seul, etp: 0.3, annee: 2025}\n"
        "  - {acteur: tech-1, etp: 0.2, annee: 2025}\n"
        "  - {acteur: sans-service, etp: 0.1, annee: 2025}\n"
    ),
}


def test_a_post_held_by_one_agent_has_its_time_counted_for_the_service(tmp_path: Path) -> None:
    for name, text in {**WORKLOAD, "pcaet.toml": ""}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    public = anonymise(RegisterIndex.build(load_register(tmp_path).documents))
    actors = {d.model.nom: d.model for d in public.documents if isinstance(d.model, Acteur)}
    (action,) = [d.model for d in public.documents if isinstance(d.model, Action)]
    assert actors["Chargé de mission climat (Service énergie)"].temps_disponible is None
    assert actors["Technicien (Service énergie)"].temps_disponible == 0.5
    shown = {(public.acteur(t.acteur).nom, t.etp) for t in action.temps}  # type: ignore[union-attr]
    assert shown == {("Service énergie", 0.3), ("Technicien (Service énergie)", 0.2)}
