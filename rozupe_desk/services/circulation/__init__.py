"""Circulation: the desk's scans, check-out and check-in, renewals and holds, offline (KOC) replays, overdue reminders, visits and the opening calendar."""
