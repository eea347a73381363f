"""The site as generated files (pages, navigation, downloads), without any site generator."""
