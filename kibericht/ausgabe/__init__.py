"""Stage 5: everything written to disk: report workbook, charts, marked copies, template."""
