"""Reads of this app."""
