"""Reviewing changes to a register kept in git: `pcaet diff` and `pcaet history`."""
