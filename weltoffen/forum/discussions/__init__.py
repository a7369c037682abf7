"""Discussions: categories, topics, posts, attachments, Markdown rendering, @mentions and the posting limits."""
