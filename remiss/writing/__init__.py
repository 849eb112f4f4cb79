"""Document output from plain data: Swedish phrasing, the reply as blocks, and HTML, PDF/A and
Word built from blocks. Imports nothing of Django nor of the apps (docs/architecture.md)."""
