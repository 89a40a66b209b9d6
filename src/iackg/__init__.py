"""iackg: the knowledge graph of Japan's Intellectual Assets in Communities (IAC).

Regional industrial resources (地域産業資源) designated by prefectures under the 2007 SME
Regional Resources Act, and the SME business plans certified to use them, as an OWL ontology,
SHACL shapes, a loader, SPARQL queries, linked open data and network exports.
"""

__version__ = "0.1.0"
