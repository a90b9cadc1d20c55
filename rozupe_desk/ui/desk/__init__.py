"""The desk tab."""
