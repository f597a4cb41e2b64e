"""`pcaet diff` and `pcaet history` as text for a terminal, Markdown for a merge-request
comment, and JSON for other tools. Every format says the same things."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from pcaet_cli.render.markup import literal
from pcaet_cli.review.diff import KIND_NAMES, DiffResult
from pcaet_cli.review.history import History
from pcaet_cli.textsafe import json_text, visible

OF_KIND = {
    "actions": "de l'action",
    "acteurs": "de l'acteur",
    "plans": "du plan",
    "territoires": "du territoire",
}
SIDE = {
    "avant": "illisible avant le changement",
    "après": "illisible après le changement",
    "les deux": "illisible des deux côtés",
}


def _head(result: DiffResult) -> str:
    return f"{result.before} → {result.after}"


def _title(title: str | None) -> str:
    return f" « {title} »" if title else ""


def _counts(result: DiffResult) -> str:
    parts = []
    for items, one, many in (
        (result.added, "ajoutée", "ajoutées"),
        (result.removed, "supprimée", "supprimées"),
        (result.renamed, "renommée", "renommées"),
        (result.changed, "modifiée", "modifiées"),
        (result.unreadable, "illisible", "illisibles"),
    ):
        if items:
            parts.append(f"{len(items)} {one if len(items) == 1 else many}")
    return "entités : " + ", ".join(parts) if parts else "aucune différence dans le registre"


def _lines(result: DiffResult) -> list[tuple[str, str, list[str]]]:
    """(marker, headline, details) for every entity, in a stable order."""
    lines: list[tuple[str, str, list[str]]] = []
    for ref in result.added:
        lines.append(("+", f"{KIND_NAMES[ref.kind]} {ref.id}{_title(ref.title)} ajoutée", []))
    for ref in result.removed:
        lines.append(("−", f"{KIND_NAMES[ref.kind]} {ref.id}{_title(ref.title)} supprimée", []))
    for ren in result.renamed:
        lines.append(("→", f"{KIND_NAMES[ren.kind]} {ren.old_id} renommée en {ren.new_id}", []))
    for ch in result.changed:
        details = [c.summary for c in ch.changes]
        if ch.old_path:
            details.append(f"fichier déplacé : {ch.old_path} → {ch.path}")
        lines.append(("~", f"{KIND_NAMES[ch.kind]} {ch.id}{_title(ch.title)}", details))
    for bad in result.unreadable:
        lines.append(("!", f"{KIND_NAMES[bad.kind]} {bad.id} : {SIDE[bad.side]} ({bad.path})", []))
    return lines


def _effects(result: DiffResult) -> list[str]:
    out = [f"{f.label} : {f.before} → {f.after}" for f in result.figures]
    for cov in result.coverage:
        for gap in cov.opened:
            out.append(f"{cov.plan} : lacune ouverte, {gap} sans action")
        for gap in cov.closed:
            out.append(f"{cov.plan} : lacune comblée, {gap} désormais couvert")
    return out


def _folders(result: DiffResult) -> str | None:
    if result.folder_before == result.folder_after:
        return None
    return f"registre déplacé : {result.folder_before or '.'}/ → {result.folder_after or '.'}/"


def to_text(result: DiffResult, console: Console) -> None:
    console.print(f"[bold]Changements du registre[/] ({literal(_head(result))})")
    if moved := _folders(result):
        console.print(literal(moved))
    console.print(literal(_counts(result)))
    styles = {"+": "green", "−": "red", "→": "cyan", "~": "yellow", "!": "magenta"}
    for marker, headline, details in _lines(result):
        console.print(f"[{styles[marker]}]{literal(marker)}[/] {literal(headline)}")
        for detail in details:
            console.print(f"    {literal(detail)}")
    effects = _effects(result)
    if effects:
        console.print()
        console.print("[bold]Effet sur le plan[/]")
        for effect in effects:
            console.print(f"  {literal(effect)}")
    elif result.has_differences:
        console.print()
        console.print("Chiffres clés inchangés.")


def _md(text: str) -> str:
    # Identifiers and labels must not turn into Markdown (`*`, `_`, `|`, `<`…), and the
    # backslashes of written-out control characters are escaped with the rest.
    text = visible(text)
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def to_markdown(result: DiffResult) -> str:
    out = [f"### Changements du registre ({_md(_head(result))})", ""]
    if moved := _folders(result):
        out += [_md(moved), ""]
    out += [f"**{_md(_counts(result))}**", ""]
    icons = {"+": "➕", "−": "➖", "→": "🔀", "~": "✏️", "!": "⚠️"}
    for marker, headline, details in _lines(result):
        out.append(f"- {icons[marker]} {_md(headline)}")
        out += [f"  - {_md(d)}" for d in details]
    effects = _effects(result)
    if result.figures:
        out += ["", "#### Effet sur le plan", "", "| Chiffre | Avant | Après |", "|---|---:|---:|"]
        out += [f"| {_md(f.label)} | {_md(f.before)} | {_md(f.after)} |" for f in result.figures]
    coverage = effects[len(result.figures) :]
    if coverage:
        out += ["", "#### Couverture des PCAET", ""]
        out += [f"- {_md(line)}" for line in coverage]
    if not effects and result.has_differences:
        out += ["", "Chiffres clés inchangés."]
    return "\n".join(out) + "\n"


def diff_json(result: DiffResult) -> dict[str, Any]:
    return {
        "avant": {"revision": result.before, "dossier": result.folder_before},
        "apres": {"revision": result.after, "dossier": result.folder_after},
        "differences": result.has_differences,
        "ajoutees": [
            {"type": KIND_NAMES[r.kind], "id": r.id, "fichier": r.path, "titre": r.title}
            for r in result.added
        ],
        "supprimees": [
            {"type": KIND_NAMES[r.kind], "id": r.id, "fichier": r.path, "titre": r.title}
            for r in result.removed
        ],
        "renommees": [
            {
                "type": KIND_NAMES[r.kind],
                "ancien_id": r.old_id,
                "nouvel_id": r.new_id,
                "ancien_fichier": r.old_path,
                "nouveau_fichier": r.new_path,
            }
            for r in result.renamed
        ],
        "modifiees": [
            {
                "type": KIND_NAMES[c.kind],
                "id": c.id,
                "fichier": c.path,
                "ancien_fichier": c.old_path,
                "titre": c.title,
                "changements": [
                    {
                        "champ": f.field,
                        "libelle": f.label,
                        "resume": f.summary,
                        "avant": f.before,
                        "apres": f.after,
                    }
                    for f in c.changes
                ],
            }
            for c in result.changed
        ],
        "illisibles": [
            {"type": KIND_NAMES[u.kind], "id": u.id, "fichier": u.path, "cote": u.side}
            for u in result.unreadable
        ],
        "chiffres": [
            {
                "chiffre": f.label,
                "avant": f.raw_before,
                "apres": f.raw_after,
                "avant_texte": f.before,
                "apres_texte": f.after,
            }
            for f in result.figures
        ],
        "couverture": [
            {
                "plan": c.plan,
                "nom": c.nom,
                "lacunes_ouvertes": c.opened,
                "lacunes_comblees": c.closed,
            }
            for c in result.coverage
        ],
    }


def to_json(result: DiffResult) -> str:
    return json_text(diff_json(result))


# --- history ----------------------------------------------------------------------------


def _event_lines(history: History) -> list[tuple[str, list[str]]]:
    out = []
    for event in history.events:
        head = f"{event.date} {event.short} {event.author} — {event.subject}"
        out.append((head, event.lines))
    return out


def history_text(history: History, console: Console) -> None:
    console.print(
        f"[bold]Historique {literal(OF_KIND[history.kind])} {literal(history.id)}[/]"
        f" ({literal(history.path)})"
    )
    if history.shallow:
        console.print(
            "[magenta]Historique incomplet : clone superficiel ; récupérez tout l'historique "
            "avec « git fetch --unshallow ».[/]"
        )
    for head, lines in _event_lines(history):
        console.print(f"[cyan]{literal(head)}[/]")
        for line in lines:
            console.print(f"    {literal(line)}")
    if not history.events:
        console.print("Aucun commit ne touche ce fichier.")


def history_markdown(history: History) -> str:
    out = [f"### Historique {OF_KIND[history.kind]} {_md(history.id)}", ""]
    if history.shallow:
        out += ["> Historique incomplet : clone superficiel.", ""]
    for head, lines in _event_lines(history):
        out.append(f"- **{_md(head)}**")
        out += [f"  - {_md(line)}" for line in lines]
    return "\n".join(out) + "\n"


def history_json(history: History) -> str:
    payload = {
        "type": KIND_NAMES[history.kind],
        "id": history.id,
        "fichier": history.path,
        "historique_complet": not history.shallow,
        "evenements": [
            {
                "commit": e.commit,
                "court": e.short,
                "date": e.date,
                "auteur": e.author,
                "message": e.subject,
                "fichier": e.path,
                "changements": e.lines,
            }
            for e in history.events
        ],
    }
    return json_text(payload)
