"""Notifications, follow levels and the e-mail digest."""
