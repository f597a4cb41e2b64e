"""Closed vocabularies of the register, spelt exactly as the regulation and ADEME's tools
spell them (users and other tools compare labels character by character).

Each vocabulary may have known variants (other spellings found in real files); the models
accept them and store the canonical label.
"""

from __future__ import annotations

from enum import StrEnum


class Secteur(StrEnum):
    """Regulatory sectors (arrêté du 4 août 2016) then ADEME's thematic domains."""

    RESIDENTIEL = "Résidentiel"
    TERTIAIRE = "Tertiaire"
    TRANSPORT_ROUTIER = "Transport routier"
    AUTRES_TRANSPORTS = "Autres transports"
    AGRICULTURE = "Agriculture"
    DECHETS = "Déchets"
    INDUSTRIE = "Industrie hors branche énergie"
    BRANCHE_ENERGIE = "Branche énergie"
    COMMUNICATION = "Communication / formation / sensibilisation"
    ENERGIE = "Gestion / production / distribution de l'énergie"
    AMENAGEMENT = "Aménagement / urbanisme"
    CONSOMMATION = "Consommation responsable"
    ECONOMIE = "Développement économique"
    COOPERATION = "Coopération / partenariat"
    BIODIVERSITE = "Biodiversité"
    EAU = "Eau"
    SANTE = "Santé"
    FORET = "Forêt"
    ESPACES_VERTS = "Espaces verts"
    TOURISME = "Tourisme"
    SECURITE_CIVILE = "Sécurité civile"


SECTEURS_REGLEMENTAIRES: tuple[Secteur, ...] = tuple(Secteur)[:8]


class Domaine(StrEnum):
    """Strategic domains of R229-51 II, 1° to 9° (short keys; labels in DOMAINE_LABELS)."""

    GES = "ges"
    STOCKAGE_CARBONE = "stockage_carbone"
    MAITRISE_ENERGIE = "maitrise_energie"
    ENR = "enr"
    RESEAUX_CHALEUR = "reseaux_chaleur"
    BIOSOURCE = "biosource"
    POLLUANTS = "polluants"
    RESEAUX_ENERGIE = "reseaux_energie"
    ADAPTATION = "adaptation"


DOMAINE_LABELS: dict[Domaine, str] = {
    Domaine.GES: "Réduction des émissions de gaz à effet de serre",
    Domaine.STOCKAGE_CARBONE: (
        "Renforcement du stockage de carbone sur le territoire, notamment dans la "
        "végétation, les sols et les bâtiments"
    ),
    Domaine.MAITRISE_ENERGIE: "Maîtrise de la consommation d'énergie finale",
    Domaine.ENR: (
        "Production et consommation des énergies renouvelables, valorisation des potentiels "
        "d'énergies de récupération et de stockage"
    ),
    Domaine.RESEAUX_CHALEUR: (
        "Livraison d'énergie renouvelable et de récupération par les réseaux de chaleur"
    ),
    Domaine.BIOSOURCE: "Productions biosourcées à usages autres qu'alimentaires",
    Domaine.POLLUANTS: (
        "Réduction des émissions de polluants atmosphériques et de leur concentration"
    ),
    Domaine.RESEAUX_ENERGIE: "Évolution coordonnée des réseaux énergétiques",
    Domaine.ADAPTATION: "Adaptation au changement climatique",
}


DOMAINE_SHORT_LABELS: dict[Domaine, str] = {
    Domaine.GES: "Gaz à effet de serre",
    Domaine.STOCKAGE_CARBONE: "Stockage de carbone",
    Domaine.MAITRISE_ENERGIE: "Maîtrise de l'énergie",
    Domaine.ENR: "Énergies renouvelables",
    Domaine.RESEAUX_CHALEUR: "Réseaux de chaleur",
    Domaine.BIOSOURCE: "Biosourcé",
    Domaine.POLLUANTS: "Polluants",
    Domaine.RESEAUX_ENERGIE: "Réseaux d'énergie",
    Domaine.ADAPTATION: "Adaptation",
}
"""The strategic domains in a few words, where a list or a row has little room."""


class Polluant(StrEnum):
    NOX = "NOx"
    PM10 = "PM10"
    PM25 = "PM2,5"
    COVNM = "COVNM"
    SO2 = "SO2"
    NH3 = "NH3"


class Volet(StrEnum):
    ATTENUATION = "Atténuation"
    ADAPTATION = "Adaptation"
    AIR = "Qualité de l'air"


class Statut(StrEnum):
    A_VENIR = "À venir"
    EN_COURS = "En cours"
    REALISE = "Réalisé"
    EN_PAUSE = "En pause"
    ABANDONNE = "Abandonné"
    BLOQUE = "Bloqué"
    EN_RETARD = "En retard"
    A_DISCUTER = "À discuter"


STATUTS_CLOS: frozenset[Statut] = frozenset({Statut.REALISE, Statut.ABANDONNE})


class Priorite(StrEnum):
    ELEVE = "Élevé"
    MOYEN = "Moyen"
    BAS = "Bas"


class Cible(StrEnum):
    GRAND_PUBLIC = "Grand public"
    ASSOCIATIONS = "Associations"
    GRAND_PUBLIC_ASSOCIATIONS = "Grand public et associations"
    SCOLAIRE = "Public Scolaire"
    AUTRES_COLLECTIVITES = "Autres collectivités du territoire"
    ACTEURS_ECONOMIQUES = "Acteurs économiques"
    PRIMAIRE = "Acteurs économiques du secteur primaire"
    SECONDAIRE = "Acteurs économiques du secteur secondaire"
    TERTIAIRE = "Acteurs économiques du secteur tertiaire"
    PARTENAIRES = "Partenaires"
    COLLECTIVITE = "Collectivité elle-même"
    ELUS = "Elus locaux"
    AGENTS = "Agents"


class ParticipationCitoyenne(StrEnum):
    AUCUNE = "Pas de participation citoyenne"
    INFORMATION = "Information"
    CONSULTATION = "Consultation"
    CONCERTATION = "Concertation"
    CO_CONSTRUCTION = "Co-construction"


class TypeAction(StrEnum):
    INVESTISSEMENT = "Investissement"
    ACCOMPAGNEMENT = "Accompagnement"
    COMMUNICATION = "Communication / Information"
    SENSIBILISATION = "Sensibilisation"
    ANIMATION = "Animation"
    ETUDE = "Etude"
    PARTENARIAT = "Partenariat"
    FINANCEMENT = "Financement"
    AMENAGEMENT = "Aménagement"
    CONCERTATION = "Concertation - mobilisation"
    DIAGNOSTIC = "Diagnostic"
    SUIVI = "Observation - suivi - évaluation"
    FORMATION = "Formation"
    OUTIL = "Outil"
    SERVICE_PUBLIC = "Service au public"
    EDUCATION = "Education à l'environnement"
    GOUVERNANCE = "Gouvernance"
    RECHERCHE = "Recherche"
    GUIDE = "Guide"
    AUTRES = "Autres"


class Declencheur(StrEnum):
    """Why an action exists: the triggers named in the workshop."""

    ALEA_CLIMATIQUE = "alea_climatique"
    ASSOCIATION = "association"
    OPPORTUNITE_FINANCEMENT = "opportunite_financement"
    REGLEMENTATION = "reglementation"
    CONCERTATION = "concertation"
    AUTRE = "autre"


class TypeBudget(StrEnum):
    INVESTISSEMENT = "investissement"
    FONCTIONNEMENT = "fonctionnement"


TYPE_BUDGET_LABELS: dict[str, str] = {
    TypeBudget.INVESTISSEMENT: "Investissement",
    TypeBudget.FONCTIONNEMENT: "Fonctionnement",
}


class TypeActeur(StrEnum):
    SERVICE = "service"
    DIRECTION = "direction"
    PERSONNE = "personne"
    ELU = "elu"
    COMMUNE = "commune"
    ASSOCIATION = "association"
    ENTREPRISE = "entreprise"
    CHAMBRE_CONSULAIRE = "chambre_consulaire"
    ETABLISSEMENT_PUBLIC = "etablissement_public"
    ETAT = "etat"
    COLLECTIVITE = "collectivite"
    """Another collectivity (Région, Département…), partner or financer of the plan."""
    SYNDICAT = "syndicat"
    BAILLEUR = "bailleur"
    AUTRE = "autre"


# Actors that belong to a collectivity's own organisation; every other type is an actor
# of the territory (the "portage" figure of the workshop: Saumur, 60 %).
ACTEURS_COLLECTIVITE: frozenset[TypeActeur] = frozenset(
    {TypeActeur.SERVICE, TypeActeur.DIRECTION, TypeActeur.PERSONNE, TypeActeur.ELU}
)
PERSONNES: frozenset[TypeActeur] = frozenset({TypeActeur.PERSONNE, TypeActeur.ELU})

TYPE_ACTEUR_LABELS: dict[str, str] = {
    TypeActeur.SERVICE: "Service",
    TypeActeur.DIRECTION: "Direction",
    TypeActeur.PERSONNE: "Personne",
    TypeActeur.ELU: "Élu",
    TypeActeur.COMMUNE: "Commune",
    TypeActeur.ASSOCIATION: "Association",
    TypeActeur.ENTREPRISE: "Entreprise",
    TypeActeur.CHAMBRE_CONSULAIRE: "Chambre consulaire",
    TypeActeur.ETABLISSEMENT_PUBLIC: "Établissement public",
    TypeActeur.ETAT: "Services de l'État",
    TypeActeur.COLLECTIVITE: "Collectivité",
    TypeActeur.SYNDICAT: "Syndicat",
    TypeActeur.BAILLEUR: "Bailleur social",
    TypeActeur.AUTRE: "Autre acteur",
}
"""How people name the types of actor: the site, the prompts of `pcaet new`."""


class DomaineService(StrEnum):
    """A service's field: the workshop says it colours the officer's post."""

    ENVIRONNEMENT = "environnement"
    AMENAGEMENT = "amenagement"
    URBANISME = "urbanisme"
    PATRIMOINE = "patrimoine"
    TRANSITION_ENERGETIQUE = "transition_energetique"
    MOBILITE = "mobilite"
    HABITAT = "habitat"
    DECHETS = "dechets"
    EAU = "eau"
    ECONOMIE = "economie"
    AGRICULTURE = "agriculture"
    COMMUNICATION = "communication"
    FINANCES = "finances"
    RESSOURCES_HUMAINES = "ressources_humaines"
    DIRECTION_GENERALE = "direction_generale"
    AUTRE = "autre"


DOMAINE_SERVICE_LABELS: dict[str, str] = {
    DomaineService.ENVIRONNEMENT: "Environnement",
    DomaineService.AMENAGEMENT: "Aménagement",
    DomaineService.URBANISME: "Urbanisme",
    DomaineService.PATRIMOINE: "Patrimoine",
    DomaineService.TRANSITION_ENERGETIQUE: "Transition énergétique",
    DomaineService.MOBILITE: "Mobilité",
    DomaineService.HABITAT: "Habitat",
    DomaineService.DECHETS: "Déchets",
    DomaineService.EAU: "Eau",
    DomaineService.ECONOMIE: "Économie",
    DomaineService.AGRICULTURE: "Agriculture",
    DomaineService.COMMUNICATION: "Communication",
    DomaineService.FINANCES: "Finances",
    DomaineService.RESSOURCES_HUMAINES: "Ressources humaines",
    DomaineService.DIRECTION_GENERALE: "Direction générale",
    DomaineService.AUTRE: "Autre",
}
"""How people name a service's field."""


class Nature(StrEnum):
    """BANATIC natures plus commune, département and région."""

    COM = "COM"
    CC = "CC"
    CA = "CA"
    CU = "CU"
    METRO = "METRO"
    EPT = "EPT"
    PETR = "PETR"
    POLEM = "POLEM"
    SMF = "SMF"
    SMO = "SMO"
    SIVU = "SIVU"
    SIVOM = "SIVOM"
    PNR = "PNR"
    DEP = "DEP"
    REG = "REG"


EPCI_A_FISCALITE_PROPRE: frozenset[Nature] = frozenset(
    {Nature.CC, Nature.CA, Nature.CU, Nature.METRO}
)

NATURE_LABELS: dict[str, str] = {
    Nature.COM: "Commune",
    Nature.CC: "Communauté de communes",
    Nature.CA: "Communauté d'agglomération",
    Nature.CU: "Communauté urbaine",
    Nature.METRO: "Métropole",
    Nature.EPT: "Établissement public territorial",
    Nature.PETR: "Pôle d'équilibre territorial et rural",
    Nature.POLEM: "Pôle métropolitain",
    Nature.SMF: "Syndicat mixte fermé",
    Nature.SMO: "Syndicat mixte ouvert",
    Nature.SIVU: "Syndicat intercommunal à vocation unique",
    Nature.SIVOM: "Syndicat intercommunal à vocation multiple",
    Nature.PNR: "Parc naturel régional",
    Nature.DEP: "Département",
    Nature.REG: "Région",
}
"""How people name the natures of territory (BANATIC's words)."""


class ModeCompetence(StrEnum):
    EXERCEE = "exercee"
    TRANSFEREE = "transferee"
    DELEGUEE = "deleguee"


MODE_COMPETENCE_LABELS: dict[str, str] = {
    ModeCompetence.EXERCEE: "exercée",
    ModeCompetence.TRANSFEREE: "transférée",
    ModeCompetence.DELEGUEE: "déléguée",
}

COMPETENCE_LABELS: dict[str, str] = {
    "alimentation": "Alimentation",
    "amenagement": "Aménagement",
    "assainissement": "Assainissement",
    "conseil_energie": "Conseil en énergie",
    "dechets": "Déchets",
    "developpement_economique": "Développement économique",
    "eau": "Eau",
    "eclairage_public": "Éclairage public",
    "ecoles": "Écoles",
    "energie": "Énergie",
    "environnement": "Environnement",
    "foret_communale": "Forêt communale",
    "gemapi": "GEMAPI",
    "habitat": "Habitat",
    "mobilite": "Mobilité",
    "pcaet": "PCAET",
    "plu": "PLU",
    "plui": "PLUi",
    "renovation_habitat": "Rénovation de l'habitat",
    "reseau_chaleur": "Réseaux de chaleur",
    "reseaux_chaleur": "Réseaux de chaleur",
    "restauration_scolaire": "Restauration scolaire",
    "scot": "SCoT",
    "tourisme": "Tourisme",
    "transport": "Transport",
    "urbanisme": "Urbanisme",
    "voirie": "Voirie",
}
"""How people name the competences the register's files write as keys (`mobilite`)."""


def competence_label(key: str) -> str:
    """A competence as people name it: `reseau_chaleur` → « Réseaux de chaleur »; a key
    not listed loses its underscores and takes a capital (`ordures` → « Ordures »)."""
    if key in COMPETENCE_LABELS:
        return COMPETENCE_LABELS[key]
    words = key.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


class TypePlan(StrEnum):
    PCAET = "PCAET"
    CRTE = "CRTE"
    COT = "COT"
    SCOT = "SCoT"
    PLU = "PLU"
    PLUI = "PLUi"
    PROJET_DE_TERRITOIRE = "projet_de_territoire"
    SRADDET = "SRADDET"
    PPA = "PPA"
    PDM = "PDM"
    PLH = "PLH"
    PLPDMA = "PLPDMA"
    TEPOS = "TEPOS"
    TETE = "TETE"
    AUTRE = "autre"


TYPE_PLAN_LABELS: dict[str, str] = {
    TypePlan.PCAET: "PCAET",
    TypePlan.CRTE: "CRTE",
    TypePlan.COT: "COT",
    TypePlan.SCOT: "SCoT",
    TypePlan.PLU: "PLU",
    TypePlan.PLUI: "PLUi",
    TypePlan.PROJET_DE_TERRITOIRE: "Projet de territoire",
    TypePlan.SRADDET: "SRADDET",
    TypePlan.PPA: "PPA",
    TypePlan.PDM: "PDM",
    TypePlan.PLH: "PLH",
    TypePlan.PLPDMA: "PLPDMA",
    TypePlan.TEPOS: "TEPOS",
    TypePlan.TETE: "TETE",
    TypePlan.AUTRE: "Autre plan",
}
"""How people name the types of plan: their acronym where officers use it, words
otherwise (reports, site, spreadsheet)."""


def type_plan_label(value: object) -> str:
    """The label of a plan type, or the value itself when it is none of the vocabulary."""
    return TYPE_PLAN_LABELS.get(str(value), str(value))


class Obligation(StrEnum):
    OBLIGATOIRE = "obligatoire"
    VOLONTAIRE = "volontaire"


OBLIGATION_LABELS: dict[str, str] = {
    Obligation.OBLIGATOIRE: "Obligatoire",
    Obligation.VOLONTAIRE: "Volontaire",
}


class EtatPlan(StrEnum):
    ELABORATION = "elaboration"
    DEPOT_POUR_AVIS = "depot_pour_avis"
    MISE_EN_OEUVRE = "mise_en_oeuvre"
    EVALUATION = "evaluation"
    TERMINE = "termine"


ETAT_PLAN_LABELS: dict[str, str] = {
    EtatPlan.ELABORATION: "En élaboration",
    EtatPlan.DEPOT_POUR_AVIS: "Déposé pour avis",
    EtatPlan.MISE_EN_OEUVRE: "En mise en œuvre",
    EtatPlan.EVALUATION: "En évaluation",
    EtatPlan.TERMINE: "Terminé",
}
"""How people name the state of a plan."""


# Known other spellings of the labels above, mapped to the canonical label.
VARIANTS: dict[type[StrEnum], dict[str, str]] = {
    Secteur: {
        "Industrie branche énergie": Secteur.BRANCHE_ENERGIE,
        "Industrie  branche énergie": Secteur.BRANCHE_ENERGIE,
    },
    Statut: {"A discuter": Statut.A_DISCUTER},
    Polluant: {"COV": Polluant.COVNM, "PM2.5": Polluant.PM25},
    Domaine: {label: key for key, label in DOMAINE_LABELS.items()},
    TypePlan: {"Scot": TypePlan.SCOT, "SCOT": TypePlan.SCOT, "PLUI": TypePlan.PLUI},
}
