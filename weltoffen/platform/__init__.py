"""Shared machinery that knows no domain (DESIGN.md, "Architecture")."""
