"""The static linked-data publication: dumps, VoID and DCAT, HTML pages, ontology docs."""
