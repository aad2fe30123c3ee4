"""Reads of the report-writing app."""
