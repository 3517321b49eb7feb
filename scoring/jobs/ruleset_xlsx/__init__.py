"""A ruleset as a printable workbook laid out like a decision's appendix, and read back."""
