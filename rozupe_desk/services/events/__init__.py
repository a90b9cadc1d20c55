"""Events: the events themselves and their documents (posters, flyers, plans, certificates)."""
