"""Data kinerja: the Frictionless packages of each kecamatan, their checks and pages."""
