"""The collection workbook's sheets and column headers, shared by the writer and the
reader: columns are found again by their header, wherever an office suite moved them."""

from __future__ import annotations

from pcaet_cli.model.vocab import Priorite, Statut, TypeBudget

INSTRUCTIONS = "Mode d'emploi"
ACTIONS = "Actions"
BUDGET = "Budget"
INDICATEURS = "Indicateurs"
NOUVELLES = "Nouvelles actions"
LISTES = "Listes"

# Actions
ID = "Identifiant"
TITRE = "Titre"
ROLE = "Votre rôle"
PILOTE = "Pilote"
STATUT = "Statut"
PRIORITE = "Priorité"
DEBUT = "Date de début"
FIN = "Date de fin"
DERNIER = "Dernier suivi"
NOTE_DATE = "Date de la note"
NOTE = "Nouvelle note de suivi"
DESCRIPTION = "Description"

# Budget
ANNEE = "Année"
TYPE = "Type"
PREVU = "Prévu (€ HT)"
REALISE = "Réalisé (€ HT)"

# Indicateurs
TITRE_ACTION = "Titre de l'action"
NUMERO = "N°"
INDICATEUR = "Indicateur"
UNITE = "Unité"
INITIALE = "Valeur initiale"
CIBLE = "Cible"
ANNEE_CIBLE = "Année cible"
CONNUES = "Mesures connues"
ANNEE_MESURE = "Année de la mesure"
MESURE = "Valeur mesurée"

# Nouvelles actions
OBJECTIFS = "Objectifs"
PILOTE_PRESSENTI = "Pilote pressenti"

STATUTS = [str(s) for s in Statut]
PRIORITES = [str(p) for p in Priorite]
BUDGET_TYPES = {
    TypeBudget.INVESTISSEMENT: "Investissement",
    TypeBudget.FONCTIONNEMENT: "Fonctionnement",
}
"""Budget types as the workbook shows them."""

NEW_BUDGET_ROWS = 20
"""Empty rows under the budget lines, for a year or a type the register does not have yet."""
NEW_ACTION_ROWS = 30

MAX_NOTE_CHARS = 5000
"""A follow-up note is a paragraph or two; longer text is refused (pasted by mistake)."""

PAR = ("service", "relais", "partenaire", "pilote")
