"""Reconciliation: match names from a researcher's spreadsheet to the graph's IRIs.

`folding` makes matching keys of Japanese and English names, `index` holds the graph's names
and ranks candidates, `protocol` speaks the W3C Entity Reconciliation API 0.2 (the JSON that
OpenRefine sends and reads). The HTTP side is `iackg.server.reconcile`. docs/reconciliation.md.
"""
