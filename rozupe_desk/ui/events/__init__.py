"""The events tab."""
