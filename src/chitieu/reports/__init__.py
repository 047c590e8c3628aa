"""The office's documents: the quarterly report, the workbook, reminder letters, ad hoc reports
and next year's draft decision, built from an evaluation (no Django: the command line and the
pages hand in what they read from the home)."""
