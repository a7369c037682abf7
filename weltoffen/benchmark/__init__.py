"""Peer comparison: peer groups, the K rule, aggregates, charts and exports.
So far only the K rule (anonymity.py) exists; the pages follow with the benchmark issue."""
