"""Exchanges between the register and other tools: exports (and, later, imports)."""
