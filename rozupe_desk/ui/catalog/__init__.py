"""The catalog tab."""
