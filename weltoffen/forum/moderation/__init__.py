"""Moderation: reports, the coordinators' queue and decisions, locking and pinning, suspensions."""
