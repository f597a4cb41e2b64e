"""Y — YAML syntax and encoding, checked by the reader (register/yamlfile.py,
register/loader.py, register/discovery.py)."""

from pcaet_cli.diagnostic import Severity, declare

declare(
    "Y001",
    "syntaxe-yaml",
    Severity.ERROR,
    """
    Le fichier n'est pas du YAML valide.

    Un fichier illisible est ignoré par toutes les autres règles : ses références et ses
    données disparaissent du registre tant qu'il n'est pas corrigé.

    Mauvais :
        titre: Covoiturage: phase 2
    Bon :
        titre: "Covoiturage : phase 2"
""",
)

declare(
    "Y002",
    "cle-en-double",
    Severity.ERROR,
    """
    La même clé apparaît deux fois dans une table.

    YAML garderait silencieusement l'une des deux valeurs ; pcaet garde la première et
    signale la seconde, pour que personne ne perde une modification.

    Mauvais :
        statut: En cours
        statut: Réalisé
    Bon :
        statut: Réalisé
""",
)

declare(
    "Y003",
    "encodage",
    Severity.ERROR,
    """
    Le fichier n'est pas encodé en UTF-8 (Latin-1, Windows-1252, UTF-16 ou binaire).

    Les accents des libellés réglementaires (« Résidentiel », « Déchets ») ne se comparent
    correctement qu'en UTF-8. La suite du fichier est lue en Windows-1252 pour signaler
    les autres problèmes.

    Mauvais : un fichier enregistré par un tableur en « Europe occidentale (Windows) ».
    Bon : le même fichier enregistré en « UTF-8 ».
""",
)

declare(
    "Y004",
    "bom",
    Severity.WARNING,
    """
    Le fichier commence par une marque d'ordre d'octets (BOM).

    Certains outils (git diff, scripts, anciens analyseurs YAML) la montrent comme un
    caractère parasite. Le fichier est lu normalement.

    Mauvais : « UTF-8 avec BOM ».
    Bon : « UTF-8 » (sans BOM).
""",
)

declare(
    "Y005",
    "yaml-non-pris-en-charge",
    Severity.ERROR,
    """
    Le fichier utilise une construction YAML que le registre n'accepte pas.

    Étiquettes (« !python », « !!set »), clés de fusion (« << ») et clés complexes rendent
    un fichier illisible par les autres outils et par les personnes qui le relisent.

    Mauvais :
        <<: *commun
    Bon : recopier les champs voulus dans chaque fichier.
""",
)

declare(
    "Y006",
    "fichier-vide",
    Severity.ERROR,
    """
    Le fichier est vide (ou ne contient que des commentaires).

    Un fichier vide crée un identifiant sans contenu : les références vers lui semblent
    valides alors qu'aucune entité n'est décrite.

    Mauvais : un fichier `actions/mob-09.yaml` vide.
    Bon :
        titre: Développer l'autopartage
""",
)

declare(
    "Y007",
    "racine-non-table",
    Severity.ERROR,
    """
    Le fichier contient une liste ou une valeur seule au lieu d'une table « clé: valeur ».

    Chaque fichier décrit une entité (une action, un acteur…) par ses champs.

    Mauvais :
        - titre: Action 1
        - titre: Action 2
    Bon : un fichier par action, chacun avec « titre: … ».
""",
)

declare(
    "Y008",
    "fichier-trop-gros",
    Severity.ERROR,
    """
    Le fichier dépasse la taille maximale d'un fichier du registre : il n'est pas lu.

    Une fiche action tient en quelques kilo-octets ; un fichier de plusieurs mégaoctets
    est presque toujours une erreur (un export collé, un fichier binaire renommé) et
    ralentirait chaque vérification. La limite se règle dans pcaet.toml :
    `[registre] taille-max-fichier = 2000000` (en octets).

    Mauvais : `actions/mob-01.yaml` de 40 Mo
    Bon : une fiche par fichier, les pièces jointes hors du registre
""",
)

declare(
    "Y009",
    "version-yaml",
    Severity.WARNING,
    """
    Le fichier déclare une version de YAML postérieure à 1.2 (`%YAML 1.3`).

    La norme YAML 1.2 demande de lire un tel fichier comme du 1.2 en avertissant :
    c'est ce que fait pcaet. Une version majeure inconnue (`%YAML 2.0`) n'est pas lue
    (Y005).

    Mauvais :
        %YAML 1.3
        ---
        titre: Covoiturage
    Bon :
        titre: Covoiturage
""",
)
