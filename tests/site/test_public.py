"""`--public`: no agent's name or identifier, nobody's e-mail or phone number anywhere
in the site; agents appear as their post, élus by their name and function."""

from __future__ import annotations

from pathlib import Path

from pcaet_cli.model import Acteur
from pcaet_cli.model.vocab import TypeActeur
from pcaet_cli.site.public import anonymise
from tests.conftest import EXAMPLE, WriteRegister
from tests.site.conftest import load, read_html


def _personal_data(root: Path) -> list[str]:
    """Every agent's name and file name, everybody's contact details in the register."""
    found: list[str] = []
    for doc, acteur in load(root).iter_acteurs():
        if acteur.type is TypeActeur.PERSONNE:
            found += [acteur.nom, doc.id]
        found += [v for v in (acteur.email, acteur.telephone) if v]
    return found


def _elus(root: Path) -> list[str]:
    return [a.nom for _, a in load(root).iter_acteurs() if a.type is TypeActeur.ELU]


def _every_file(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file())


def test_the_public_site_names_nobody(public_site: Path) -> None:
    personal = _personal_data(EXAMPLE)
    assert "claire.martineau@exemple.fr" in personal and "Claire MARTINEAU" in personal
    everything = _every_file(public_site).casefold()
    leaks = [item for item in personal if item.casefold() in everything]
    assert leaks == []


def test_the_public_site_names_the_elus(public_site: Path) -> None:
    """Élus hold a public office: the public site names them, on their actions' pages."""
    elus = _elus(EXAMPLE)
    assert "Anne-Sophie GUÉRIN" in elus
    everything = _every_file(public_site)
    assert [name for name in elus if name not in everything] == []


def test_the_internal_site_does_name_people(example_site: Path) -> None:
    """The check above would see a leak: the same data is in the internal site."""
    everything = _every_file(example_site)
    assert "Claire MARTINEAU" in everything
    assert "claire.martineau@exemple.fr" in everything


def test_agents_become_their_post_and_elus_keep_their_name(public_site: Path) -> None:
    action = read_html(public_site / "actions" / "adapt-01.html").text
    assert "Chargée de mission plan climat-air-énergie (Service énergie-climat)" in action
    assert (
        "Anne-Sophie GUÉRIN Élu référent Élu Vice-présidente de la communauté de communes, "
        "maire de Brumeval · Mobilités, aménagement et habitat" in action
    )
    assert "Contact" not in action
    home = read_html(public_site / "index.html").text
    assert "version publique" in home


def test_names_and_contacts_in_free_text_are_hidden(write_register: WriteRegister) -> None:
    root = write_register(
        {
            "territoires/epci-a.yaml": "nom: CC A\nnature: CC\ncharge_de_mission: jean-dupont\n",
            "acteurs/svc-a.yaml": "nom: Service A\ntype: service\nemail: svc@exemple.fr\n",
            "acteurs/jean-dupont.yaml": (
                "nom: Jean DUPONT\ntype: personne\nposte: Chargé de mission\n"
                "service: svc-a\ntelephone: 02 41 00 00 00\n"
            ),
            "acteurs/paul-marche.yaml": "nom: Paul MARCHE\ntype: personne\nposte: Agent\n",
            "acteurs/elu-b.yaml": (
                "nom: Marie-Anne LE BRIS\ntype: elu\nterritoire: epci-a\nfonction: Présidente\n"
            ),
            "actions/act-1.yaml": (
                "titre: Rencontre avec Jean Dupont\n"
                "description: Appeler M. DUPONT au 02.41.12.34.56 ou jean.dupont@exemple.fr ;"
                " Mme Le Bris ouvrira la séance. Marche et vélo, avec Paul Marche.\n"
                "pilote: svc-a\nreferent: elu-b\npersonnes: [jean-dupont]\n"
                "suivi:\n  - {date: 2025-01-01, texte: Vu avec DUPONT, auteur: jean-dupont}\n"
            ),
        }
    )
    index = anonymise(load(root))
    action = index.actions["act-1"].model
    assert action is not None
    text = action.model_dump_json()
    for secret in ("Dupont", "DUPONT", "dupont", "02.41", "exemple.fr", "Paul"):
        assert secret not in text, secret
    # A surname that is also a word stays a word when it is not written as a name.
    assert "Marche et vélo, avec Agent." in text
    assert "Chargé de mission (Service A)" in text
    assert "[téléphone masqué]" in text and "[courriel masqué]" in text
    # An élu keeps their name and identifier.
    assert "Mme Le Bris ouvrira la séance" in text and '"referent":"elu-b"' in text
    elu = index.acteurs["elu-b"].model
    assert isinstance(elu, Acteur) and elu.nom == "Marie-Anne LE BRIS"
    assert all(a.email is None and a.telephone is None for _, a in index.iter_acteurs())
    assert set(index.acteurs) == {"svc-a", "personne-1", "personne-2", "elu-b"}
    epci = index.territoire("epci-a")
    assert epci is not None and epci.charge_de_mission == "personne-1"
