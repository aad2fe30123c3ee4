"""The packages' admin pages: the index (office, exports, imports, imported items), an export's preparation,
check and approval, and an import's upload, preview and confirmation. Thin: reads in ``packages.selectors``,
writes in ``packages.exporting`` and ``packages.importing``."""
