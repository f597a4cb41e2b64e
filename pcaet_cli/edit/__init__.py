"""Commands that write the register: canonical formatting, new files, new registers."""
