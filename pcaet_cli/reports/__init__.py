"""Reports: figures computed from the register index, never from YAML."""
