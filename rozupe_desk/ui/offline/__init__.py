"""The window's side of the offline fallback: the banner, the watch for the server, the
list of refused offline transactions."""
