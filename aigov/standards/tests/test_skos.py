from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from aigov.standards.models import Concept, Definition

pytestmark = pytest.mark.django_db


def _export(fmt: str) -> str:
    out = StringIO()
    call_command("standards", "definitions", "export", "--format", fmt, stdout=out)
    return out.getvalue()


def _register() -> set[tuple]:
    return set(
        Definition.objects.values_list(
            "concept_id",
            "source_slug",
            "source_title",
            "source_type",
            "source_year",
            "article_or_clause",
            "language",
            "text",
            "url",
            "is_verbatim",
            "source_note",
        )
    )


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_export_parses_as_skos_one_concept_each_with_tagged_definitions(fmt):
    graph = Graph().parse(data=_export(fmt), format=fmt)
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == Concept.objects.count() == 20
    texts = [
        graph.value(entry, RDF.value)
        for concept in concepts
        for entry in graph.objects(concept, SKOS.definition)
    ]
    assert len(texts) == 51
    with_text = [t for t in texts if t is not None]
    assert all(isinstance(t, Literal) and t.language for t in with_text)
    assert {t.language for t in with_text} == {"en", "fr", "es", "zh"}
    entry = next(
        e
        for c in concepts
        for e in graph.objects(c, SKOS.definition)
        if str(graph.value(e, DCTERMS.identifier)) == "eu-ai-act"
    )
    assert str(graph.value(entry, DCTERMS.source)).startswith("https://eur-lex.europa.eu/")


@pytest.mark.parametrize(("fmt", "suffix"), [("turtle", ".ttl"), ("json-ld", ".jsonld")])
def test_export_reimports_to_the_same_register(tmp_path, fmt, suffix):
    before = _register()
    path = tmp_path / f"register{suffix}"
    path.write_text(_export(fmt), encoding="utf-8")
    Definition.objects.all().delete()
    Concept.objects.all().delete()
    out = StringIO()
    call_command("standards", "definitions", "import", str(path), stdout=out)
    assert "definitions: created 51, updated 0, unchanged 0" in out.getvalue()
    assert _register() == before
    again = StringIO()
    call_command("standards", "definitions", "import", str(path), stdout=again)
    assert "definitions: created 0, updated 0, unchanged 51" in again.getvalue()


def test_a_definition_without_language_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(
        """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:aigov:standards:concept:new> a skos:Concept ; skos:prefLabel "new"@en ;
    skos:definition [ <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "no tag" ] .
""",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"bad\.ttl, row 1, field skos:definition"):
        call_command("standards", "definitions", "import", str(path))
    assert not Concept.objects.filter(slug="new").exists()


def test_labels_outside_the_six_languages_or_too_long_are_refused_and_nothing_is_written(
    tmp_path,
):
    path = tmp_path / "labels.ttl"
    path.write_text(
        f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<urn:aigov:standards:concept:new> a skos:Concept ; skos:prefLabel "neu"@de .
<urn:aigov:standards:concept:long> a skos:Concept ; skos:prefLabel "{"x" * 201}"@en .
""",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("standards", "definitions", "import", str(path))
    message = str(refused.value)
    # Concepts are read in the order of their addresses: "long" before "new".
    assert "labels.ttl, row 1, field skos:prefLabel: The en text has 201 characters" in message
    assert "labels.ttl, row 2, field skos:prefLabel: de is not one of the six languages" in message
    assert not Concept.objects.filter(slug__in=["new", "long"]).exists()


@pytest.mark.parametrize(
    "context",
    [
        "http://127.0.0.1:{port}/context.jsonld",
        ["http://127.0.0.1:{port}/a.jsonld", {"skos": "http://www.w3.org/2004/02/skos/core#"}],
        {"@import": "http://127.0.0.1:{port}/base.jsonld"},
    ],
)
def test_a_json_ld_file_naming_a_remote_context_is_refused_and_nothing_is_fetched(
    tmp_path, context
):
    """docs/security.md, gap 3: rdflib would fetch the context from any host the file names."""
    import json
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    named = json.loads(json.dumps(context).replace("{port}", str(port)))
    path = tmp_path / "remote.jsonld"
    path.write_text(
        json.dumps(
            {
                "@context": named,
                "@id": "urn:aigov:standards:concept:remote",
                "@type": "http://www.w3.org/2004/02/skos/core#Concept",
            }
        ),
        encoding="utf-8",
    )
    try:
        with pytest.raises(CommandError, match=r"remote\.jsonld.*remote context.*127\.0\.0\.1"):
            call_command("standards", "definitions", "import", str(path))
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody came to fetch it
    finally:
        listener.close()
    assert not Concept.objects.filter(slug="remote").exists()
