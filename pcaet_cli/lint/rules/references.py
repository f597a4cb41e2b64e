"""R — references between files: every identifier named must exist, be of the right kind,
be unique, and relations must not loop."""

from __future__ import annotations

from pcaet_cli.diagnostic import Severity
from pcaet_cli.lint.context import LintContext, Reporter
from pcaet_cli.lint.registry import rule
from pcaet_cli.register.index import KIND_LABEL, Reference
from pcaet_cli.textmatch import Matcher, closest


def _where(ref: Reference) -> str:
    return ".".join(str(p) for p in ref.field if isinstance(p, str))


@rule("R001", "reference-inexistante", Severity.ERROR)
def reference_inexistante(ctx: LintContext, report: Reporter) -> None:
    """Une référence désigne un identifiant qu'aucun fichier ne porte.

    Contrairement à d'autres catalogues, le registre ne tolère pas de référence
    pendante : l'action serait comptée sans pilote, le territoire sans son EPCI.
    pcaet propose l'identifiant existant le plus proche.

    Mauvais :
        pilote: svc-mobilite   # le fichier est acteurs/svc-mobilites.yaml
    Bon :
        pilote: svc-mobilites
    """
    index = ctx.index
    matchers: dict[str, Matcher] = {}
    for ref in index.references:
        if ref.target in index.by_id:
            continue
        if ref.kind not in matchers:
            matchers[ref.kind] = Matcher([d.id for d in index.documents if d.kind == ref.kind])
        guess = matchers[ref.kind].closest(ref.target)
        hint = (
            f"vouliez-vous dire « {guess} » ?"
            if guess
            else f"créez le fichier {ref.kind}/{ref.target}.yaml ou corrigez l'identifiant"
        )
        report(
            ref.source,
            ref.field,
            f"« {_where(ref)} » désigne « {ref.target} », qui n'existe pas "
            f"(attendu {KIND_LABEL[ref.kind]})",
            hint,
            key=ref.on_key,
        )


@rule("R002", "reference-mauvais-type", Severity.ERROR)
def reference_mauvais_type(ctx: LintContext, report: Reporter) -> None:
    """Une référence désigne une entité d'un autre type que celui attendu par le champ.

    Le champ dit le type visé : `pilote` est un acteur, `echelon` un territoire, `plans`
    des plans. Un territoire ne peut pas piloter une action : c'est l'un de ses services.

    Mauvais :
        pilote: epci-val-de-brume
    Bon :
        pilote: svc-mobilites
        echelon: epci-val-de-brume
    """
    index = ctx.index
    for ref in index.references:
        actual = index.kind_of(ref.target)
        if actual is not None and actual != ref.kind:
            report(
                ref.source,
                ref.field,
                f"« {_where(ref)} » attend {KIND_LABEL[ref.kind]}, mais « {ref.target} » "
                f"est {KIND_LABEL[actual]}",
                "désignez une entité du bon type",
                key=ref.on_key,
            )


@rule("R003", "identifiant-en-double", Severity.ERROR)
def identifiant_en_double(ctx: LintContext, report: Reporter) -> None:
    """Deux fichiers portent le même identifiant (le même nom de fichier).

    Les identifiants sont uniques dans tout le registre, tous types confondus, pour
    qu'une référence ne soit jamais ambiguë.

    Mauvais : `acteurs/brume.yaml` et `territoires/brume.yaml`
    Bon : `acteurs/asso-brume.yaml` et `territoires/petr-brume.yaml`
    """
    for ident, docs in ctx.index.by_id.items():
        for doc in docs[1:]:
            report(
                doc,
                (),
                f"identifiant « {ident} » déjà utilisé par {docs[0].display}",
                "renommez l'un des deux fichiers et mettez à jour ses références",
            )


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Elementary cycles found by depth-first search, each reported once."""
    state: dict[str, int] = {}
    found: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                if frozenset(cycle) not in seen:
                    seen.add(frozenset(cycle))
                    found.append(cycle)
            elif nxt not in state and nxt in graph:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


@rule("R004", "cycle", Severity.ERROR)
def cycle(ctx: LintContext, report: Reporter) -> None:
    """Une relation hiérarchique boucle (`membre_de` des territoires, `rattache_a` des
    acteurs).

    Une commune membre de son propre EPCI par un détour, ou un service rattaché à
    lui-même par sa direction, rend impossibles le cumul de couverture et le calcul de
    la distance au DGS.

    Mauvais : `epci-a` membre_de `petr-b`, et `petr-b` membre_de `epci-a`.
    Bon : la commune dans l'EPCI, l'EPCI dans le PETR, le PETR membre de rien.
    """
    index = ctx.index
    territories = {d.id: list(m.membre_de) for d, m in index.iter_territoires()}
    actors = {d.id: [m.rattache_a] if m.rattache_a else [] for d, m in index.iter_acteurs()}
    for graph, field, docs in (
        (territories, "membre_de", index.territoires),
        (actors, "rattache_a", index.acteurs),
    ):
        for cycle in _cycles(graph):
            start = min(cycle)
            at = cycle.index(start)
            loop = [*cycle[at:], *cycle[:at], start]
            report(
                docs[start],
                (field,),
                f"boucle dans « {field} » : " + " → ".join(loop),
                "une entité ne peut pas être au-dessus d'elle-même : rompez la boucle",
            )


@rule("R005", "axe-inconnu", Severity.ERROR)
def axe_inconnu(ctx: LintContext, report: Reporter) -> None:
    """Une action se range dans un axe qui n'existe pas dans le plan.

    Le code d'axe (« 2.1 ») renvoie aux `axes` du fichier du plan ; un code inconnu
    sort l'action de la couverture par axe et de l'export vers l'ADEME.

    Mauvais :
        plans:
          pcaet-brume: "2.7"   # le plan n'a pas d'axe 2.7
    Bon :
        plans:
          pcaet-brume: "2.1"
    """
    index = ctx.index
    # A plan's axes, listed once: thousands of actions name the same few plans.
    axes: dict[str, tuple[list[str], set[str]] | None] = {}
    for doc, action in index.iter_actions():
        for plan_id, code in action.plans.items():
            if code is None:
                continue
            if plan_id not in axes:
                plan = index.plan(plan_id)
                listed = None if plan is None else [c for c, _ in plan.axis_codes()]
                axes[plan_id] = None if listed is None else (listed, set(listed))
            found = axes[plan_id]
            if found is None:
                continue  # an unknown plan: R001 says so
            codes, known = found
            if code not in known:
                guess = closest(code, codes)
                hint = (
                    f"axes du plan : {', '.join(codes)}"
                    if codes
                    else f"le plan {plan_id} ne déclare aucun axe : ajoutez-les ou retirez le code"
                )
                if guess and guess != code:
                    hint = f"vouliez-vous dire « {guess} » ? ({hint})"
                report(
                    doc, ("plans", plan_id), f"le plan « {plan_id} » n'a pas d'axe « {code} »", hint
                )


@rule("R006", "orphelin", Severity.INFO)
def orphelin(ctx: LintContext, report: Reporter) -> None:
    """Un acteur ou un territoire n'est cité par aucun autre fichier.

    Souvent un reste d'import ou une personne partie : à relier à une action (comme
    pilote, partenaire, personne…) ou à retirer du registre.

    Mauvais : `acteurs/asso-velo.yaml` que nulle action ne cite.
    Bon : `partenaires: [asso-velo]` dans l'action qu'elle soutient.
    """
    index = ctx.index
    for kind, docs in (("acteur", index.acteurs), ("territoire", index.territoires)):
        for ident, doc in docs.items():
            if not any(r.source.id != ident for r in index.referrers_of(ident)):
                report(
                    doc,
                    (),
                    f"{kind} « {ident} » cité par aucun autre fichier",
                    "reliez-le à une action ou à un territoire, ou supprimez le fichier",
                )
