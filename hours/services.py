"""Writes of this app: keyword-only, typed, atomic."""
