"""Writing data files for maintainers: `portal-sop new`, `import`, realisasi coming back."""
