"""The outside world: the MkDocs plugin, the CLI, GitHub annotations, the settings they share."""
