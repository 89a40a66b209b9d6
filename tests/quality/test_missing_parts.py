"""A missing part of an install fails loudly: no empty ontology, no empty query library."""

from __future__ import annotations

import pytest

from iackg import paths
from iackg.errors import ResourceNotFound
from iackg.server import library
from iackg.validation import shapes


@pytest.fixture
def install(tmp_path, monkeypatch):
    """An install whose bundled folders are the (empty) folders made under tmp_path."""
    for folder in paths.FOLDERS:
        (tmp_path / folder).mkdir()
    monkeypatch.setattr(paths, "_CANDIDATES", (tmp_path,))
    paths.bundled.cache_clear()
    shapes.bundled_ontology.cache_clear()
    shapes.bundled_shapes.cache_clear()
    yield tmp_path
    paths.bundled.cache_clear()
    shapes.bundled_ontology.cache_clear()
    shapes.bundled_shapes.cache_clear()


def test_an_empty_ontology_folder_is_an_error(install):
    with pytest.raises(ResourceNotFound, match=r"no \*\.ttl files .*ontology"):
        shapes.bundled_ontology()


def test_a_missing_ontology_folder_is_an_error(install):
    (install / "ontology").rmdir()
    with pytest.raises(ResourceNotFound, match="'ontology' not found"):
        shapes.bundled_ontology()


def test_an_empty_shapes_folder_is_an_error(install):
    with pytest.raises(ResourceNotFound, match=r"no \*\.ttl files .*shapes"):
        shapes.bundled_shapes()


def test_a_missing_query_library_is_an_error(install):
    with pytest.raises(ResourceNotFound, match=r"no \*\.rq files .*queries"):
        library.library()


def test_the_bundled_parts_are_found(install):
    (install / "ontology" / "core.ttl").write_text(
        "<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8"
    )
    assert len(shapes.bundled_ontology()) == 1
