"""The subcommands of `iackg`, one module each (see `iackg.cli`).

`SUMMARIES` holds each command's one-line help, so that `iackg --help` lists them all without
importing any command (some pull in networkx, matplotlib or pySHACL)."""

SUMMARIES = {
    "build": "build the knowledge graph: ingest, validate, load, reason, summarise",
    "ingest": "read designation, plan and enterprise tables (CSV/XLSX, UTF-8 or CP932) into RDF",
    "validate": "check tables or RDF files against the Act's rules (SHACL); "
    "report rows and columns",
    "reason": "materialise what the ontology entails into the inferred graph",
    "query": "run a named research question from the query library",
    "diff": "resources added to, removed from and renamed in a prefecture's list between two dates",
    "sparql": "run your own SPARQL query (a file, or - for stdin)",
    "export": "export a network view (GraphML, GEXF, Gephi CSV, d3 JSON, Cytoscape.js)",
    "stats": "network figures of a view: degree, betweenness, eigenvector, Louvain communities",
    "report": "write a self-contained HTML report: maps, charts over fiscal years, co-use network",
    "publish": "write the linked-data publication: dumps, VoID/DCAT, HTML pages, ontology docs",
    "serve": "serve the graph: SPARQL endpoint at /sparql, resource pages, a query page",
    "synth": "write synthetic designation, plan and enterprise tables "
    "(national scale or a multiple)",
    "ontology": "check and summarise the ontology (terms, concept schemes, "
    "labels, version, consistency)",
    "reference": "show the reference data, or import the official municipality code list",
    "link": "add Wikidata links from a reconciliation result (CSV of our IRI and a Q-id)",
}
