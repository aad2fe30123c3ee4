"""Every write of the report-writing app: drafts, their sections, problem entries, evidence, recommendations,
submission and marking. Module-level, keyword-only, atomic."""
