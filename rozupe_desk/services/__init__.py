"""The domain: everything the desk does, without Qt. The window and the CLI call these."""
