"""The register as it may be published (`pcaet site --public`): agents become their post
and service, élus keep their name (they hold a public office), nobody's contact details
remain, and the workload of a post only one agent holds is counted for their service.
What free text is searched for is in `scrub`.

The rewrite happens once, on the index, before any report or page is built: every
view then reads public data only, and a new page cannot forget to hide a name.
An agent's identifier is rewritten too (`claire-martineau` is a name), following the
index's own list of references so that every field pointing to an agent is covered.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from pcaet_cli.model import Acteur, Action, RegisterModel
from pcaet_cli.model.vocab import PERSONNES, TypeActeur
from pcaet_cli.register.index import RegisterIndex
from pcaet_cli.register.loader import Document
from pcaet_cli.register.positions import Path as YamlPath
from pcaet_cli.site.scrub import NameScrubber


def public_label(index: RegisterIndex, acteur: Acteur) -> str:
    """What the public site calls an agent: their post with their service (or their
    collectivity)."""
    service = index.acteur(acteur.service)
    where = index.territoire(acteur.territoire)
    post = acteur.poste or "Agent"
    if service is not None and service.type not in PERSONNES:
        return f"{post} ({service.nom})"
    return f"{post} ({where.nom})" if where else post


def _new_ids(index: RegisterIndex, people: dict[str, Acteur]) -> dict[str, str]:
    taken = set(index.by_id)
    renamed: dict[str, str] = {}
    counter = 0
    for ident in sorted(people):
        while True:
            counter += 1
            candidate = f"personne-{counter}"
            if candidate not in taken:
                break
        taken.add(candidate)
        renamed[ident] = candidate
    return renamed


def _rewrite(
    value: Any,
    path: YamlPath,
    references: dict[YamlPath, str],
    renamed: dict[str, str],
    scrub: NameScrubber,
) -> Any:
    """A dumped model with references to people renamed and every other text scrubbed
    (references to other entities are identifiers and are left alone)."""
    if isinstance(value, str):
        if path in references:
            return renamed.get(value, value)
        # A vocabulary label is never a name.
        return value if isinstance(value, StrEnum) else scrub(value)
    if isinstance(value, dict):
        # The top-level `id`, when written, is the file name: the document's new id says it.
        return {
            k: _rewrite(v, (*path, k), references, renamed, scrub)
            for k, v in value.items()
            if path or k != "id"
        }
    if isinstance(value, list):
        return [_rewrite(v, (*path, i), references, renamed, scrub) for i, v in enumerate(value)]
    return value


def _pooled(
    temps: list[dict[str, Any]], alone: dict[str, str | None], index: RegisterIndex
) -> list[dict[str, Any]]:
    """An action's time lines with a sole holder's time moved to their service (a line
    for a person with no service is left out)."""
    kept = []
    for line in temps:
        if line["acteur"] not in alone:
            kept.append(line)
            continue
        service = index.acteur(alone[line["acteur"]])
        if service is not None and service.type not in PERSONNES:
            kept.append({**line, "acteur": alone[line["acteur"]]})
    return kept


def anonymise(index: RegisterIndex) -> RegisterIndex:
    """The same register without personal data: see the module docstring."""
    actors = [(doc.id, doc.model) for doc in index.documents if isinstance(doc.model, Acteur)]
    # Every file describing an agent counts, duplicates included: each name is hidden.
    written = [(ident, model) for ident, model in actors if model.type is TypeActeur.PERSONNE]
    people: dict[str, Acteur] = {}
    for ident, model in written:
        people.setdefault(ident, model)
    # Élus' names are given no label: kept, even where an agent's surname is part of one.
    elus: list[tuple[str, str | None]] = [
        (model.nom, None) for _, model in actors if model.type is TypeActeur.ELU
    ]
    # A post may itself name someone ("assistante de M. DUPONT"): labels are scrubbed too.
    unnamed = NameScrubber([*((model.nom, "[nom masqué]") for _, model in written), *elus])
    labels = {ident: unnamed(public_label(index, model)) for ident, model in people.items()}
    renamed = _new_ids(index, people)
    # A post only one agent holds names that agent: their time is counted for their
    # service (or not at all), and their available time is not published.
    holders: dict[str, int] = {}
    for label in labels.values():
        holders[label] = holders.get(label, 0) + 1
    alone = {ident: people[ident].service for ident in people if holders[labels[ident]] == 1}
    scrub = NameScrubber([*((model.nom, labels[ident]) for ident, model in written), *elus])
    references: dict[int, dict[YamlPath, str]] = {}
    # Every reference is an identifier, never scrubbed; those to people are renamed.
    for ref in index.references:
        if not ref.on_key:
            references.setdefault(id(ref.source), {})[ref.field] = ref.target

    # Documents keep their parsed source (for diagnostics' positions): nothing in the
    # site reads it, only the models rewritten here.
    documents: list[Document] = []
    for doc in index.documents:
        if doc.model is None:
            continue
        dumped = doc.model.model_dump()
        name = None
        if isinstance(doc.model, Action) and alone:
            dumped["temps"] = _pooled(dumped["temps"], alone, index)
        if isinstance(doc.model, Acteur):
            dumped.update(email=None, telephone=None)
            if doc.id in alone:
                dumped["temps_disponible"] = None
            if doc.model.type in PERSONNES:
                # An agent's name becomes their label, an élu's stays: searching it for
                # names would only compile every name's pattern.
                name = labels.get(doc.id, doc.model.nom)
                del dumped["nom"]
        data = _rewrite(dumped, (), references.get(id(doc), {}), renamed, scrub)
        if name is not None:
            data["nom"] = name
        ident = renamed.get(doc.id, doc.id)
        rewritten: RegisterModel = type(doc.model).model_validate(data)
        path = doc.path.with_name(f"{ident}{doc.path.suffix}")
        documents.append(
            dataclasses.replace(doc, id=ident, model=rewritten, path=path, display=str(path))
        )
    return RegisterIndex.build(documents)
