"""Readers: registration and their fields, ages, privacy (anonymising, erasing, the data a reader may ask for) and the most active readers."""
