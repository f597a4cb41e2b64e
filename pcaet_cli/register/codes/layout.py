"""N — where files live and how they are named, checked while the register is walked
and read (register/discovery.py, register/loader.py)."""

from pcaet_cli.diagnostic import Severity, declare

declare(
    "N001",
    "hors-organisation",
    Severity.WARNING,
    """
    Un fichier ne suit pas l'organisation du registre.

    Le dossier donne le type de l'entité (territoires/, acteurs/, plans/, actions/) :
    un fichier YAML ailleurs, ou un fichier sans extension .yaml dans ces dossiers,
    n'est lu par aucune règle ni aucun rapport.

    Mauvais : `actions/mob-03.txt`, `fiches/mob-03.yaml`
    Bon : `actions/mob-03.yaml`
""",
)

declare(
    "N002",
    "nommage-identifiant",
    Severity.WARNING,
    """
    Le nom du fichier (l'identifiant) n'est pas en minuscules sans accents avec tirets.

    L'identifiant sert de référence dans les autres fichiers : des majuscules, des
    espaces ou des accents le rendent difficile à taper et fragile d'un système de
    fichiers à l'autre.

    Mauvais : `actions/Mobilité 3.yaml`
    Bon : `actions/mob-03.yaml`
""",
)

declare(
    "N003",
    "id-contradictoire",
    Severity.ERROR,
    """
    La clé `id:` contredit le nom du fichier.

    L'identifiant est le nom du fichier ; une clé `id` différente laisse croire à une
    autre référence. Elle est facultative : le plus simple est de la retirer.

    Mauvais (actions/mob-03.yaml) :
        id: mob-3
    Bon : pas de clé `id`, ou `id: mob-03`.
""",
)

declare(
    "N004",
    "fichier-non-lu",
    Severity.ERROR,
    """
    Un lien symbolique sort du registre ou tourne en boucle, ou un fichier spécial
    (tube, périphérique, socket) porte un nom de fichier du registre : il n'est pas lu.

    pcaet ne lit que les fichiers ordinaires du registre : un registre venu d'une autre
    branche ne doit pas lui faire lire (et publier) un fichier du poste ou du serveur
    d'intégration continue, ni le bloquer sur un tube. Un lien vers un autre fichier du
    registre est lu normalement.

    Mauvais : `actions/mob-01.yaml` → `/etc/passwd`
    Bon : `actions/mob-01.yaml`, un fichier ordinaire
""",
)

declare(
    "N005",
    "dossier-illisible",
    Severity.ERROR,
    """
    Un dossier du registre ne peut pas être lu (droits insuffisants) : ses fichiers ne
    sont pas vérifiés.

    Sans ce diagnostic, les actions du dossier disparaîtraient en silence des
    vérifications et des rapports, et l'intégration continue passerait.

    Mauvais : `actions/archives/` sans droit de lecture
    Bon : un dossier lisible, ou exclu dans pcaet.toml (`exclude = ["actions/archives/*"]`)
""",
)

declare(
    "N006",
    "exclusion-totale",
    Severity.ERROR,
    """
    Les motifs `exclude` de pcaet.toml écartent tous les fichiers YAML du registre.

    Sans ce diagnostic, « Aucun problème dans 0 fichier » ferait passer l'intégration
    continue sans que rien n'ait été vérifié (un motif trop large comme `*.yaml`).

    Mauvais :
        exclude = ["*.yaml"]
    Bon :
        exclude = ["brouillons/*"]
""",
)
