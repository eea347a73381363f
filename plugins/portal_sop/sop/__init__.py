"""Loading and checking the SOP tables: `sop_data/` to the model, with findings."""
