"""S — the shape of each file, checked against the pydantic models while the register
is read (register/loader.py, register/schema_errors.py)."""

from pcaet_cli.diagnostic import Severity, declare

declare(
    "S001",
    "champ-manquant",
    Severity.ERROR,
    """
    Un champ obligatoire manque.

    Les champs obligatoires sont peu nombreux (titre d'une action, nom et type d'un
    acteur, nom et nature d'un territoire, nom et type d'un plan) pour qu'un registre
    importé d'un tableur se charge ; sans eux l'entité ne peut pas être décrite.

    Mauvais (acteurs/svc-mobilite.yaml) :
        nom: Service mobilités
    Bon :
        nom: Service mobilités
        type: service
""",
)

declare(
    "S002",
    "cle-inconnue",
    Severity.ERROR,
    """
    Le fichier contient une clé que le modèle ne connaît pas.

    Une faute de frappe dans une clé ferait perdre la donnée sans bruit : pcaet la
    signale et propose la clé la plus proche.

    Mauvais :
        piolte: svc-mobilites
    Bon :
        pilote: svc-mobilites
""",
)

declare(
    "S003",
    "type-incorrect",
    Severity.ERROR,
    """
    Une valeur n'a pas le bon type (texte, nombre, liste, table, date).

    pcaet ne convertit jamais en silence : « 01004 » sans guillemets serait le nombre
    1004, « 2.10 » le nombre 2.1. Les codes (INSEE, SIREN, axes) s'écrivent entre
    guillemets, les montants sans guillemets.

    Mauvais :
        code_insee: 01004
        secteurs: Résidentiel
    Bon :
        code_insee: "01004"
        secteurs: [Résidentiel]
""",
)

declare(
    "S004",
    "hors-vocabulaire",
    Severity.ERROR,
    """
    Une valeur n'appartient pas au vocabulaire du champ.

    Les secteurs, domaines stratégiques, statuts, priorités et cibles reprennent au
    caractère près les libellés de l'arrêté du 4 août 2016, du R229-51 et des plateformes
    de l'ADEME : les rapports et les exports les comparent tels quels. pcaet propose la
    valeur la plus proche.

    Mauvais :
        statut: en cours
    Bon :
        statut: En cours
""",
)

declare(
    "S005",
    "valeur-invalide",
    Severity.ERROR,
    """
    Une valeur a le bon type mais n'est pas valable (vide, négative, date impossible…).

    Mauvais :
        date_fin: 31/12/2026
        montant: -5000
    Bon :
        date_fin: 2026-12-31
        montant: 5000
""",
)
