"""Tables as files, one writer per format for every table (a report's, the export's):
CSV, XLSX, Markdown."""
