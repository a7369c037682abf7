"""The practice library: submitting, review, the library with its filters, adoptions,
matching to weak fields of action."""
