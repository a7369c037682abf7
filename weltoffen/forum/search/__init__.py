"""Full-text search over topics, posts and practices: the index and the ranked search."""
