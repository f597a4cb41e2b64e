"""The follow-up campaign (« collecte ») : workbooks out to the services, relais,
partners and pilots who do not use git, workbooks back into the register's YAML files.

- `stamps`: what a workbook was made from (revision, digest of each action's fields);
- `preparer`: the collection workbooks;
- `integrer`: the returned workbooks read, checked and applied in place;
- `yamledit`: in-place edits of a register file, comments and layout kept;
- `campaign`: the manifest of a campaign and what is still awaited.
"""
