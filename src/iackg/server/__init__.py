"""The HTTP server: SPARQL 1.1 Protocol endpoint, dereferenceable URIs and the query page.

Use `iackg.server.app.make_server(...)`; `iackg serve` is the command-line front.
"""
