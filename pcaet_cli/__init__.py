"""pcaet — outils pour tenir le registre d'un plan climat-air-énergie territorial dans git."""

__version__ = "0.1.0"
