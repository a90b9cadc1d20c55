"""The reading programmes tab and the desk's registration dialog."""
