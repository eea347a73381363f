"""PDFs: print documents, fillable forms, and rendering them (confined, parallel, cached)."""
