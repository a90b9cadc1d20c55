"""The patrons tab."""
