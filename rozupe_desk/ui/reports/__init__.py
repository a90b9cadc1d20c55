"""The reports tab."""
