"""The definitions register as SKOS (Turtle or JSON-LD), with rdflib, both ways.

One `skos:Concept` per concept, its label a `skos:prefLabel` per language. Each definition is a
`skos:definition` whose value is a resource (the SKOS Primer's "documentation as a related
resource" pattern) carrying the text with its language tag (`rdf:value`) and its source:
`dcterms:source` (the link), `dcterms:bibliographicCitation` (article or clause) and the source's
identifier, title, type and year, whether it is verbatim and the compiler's note. Reading a
document back gives the same register.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from aigov.core.reference import RowProblem
from aigov.core.translation import clean_translations
from aigov.standards.models import LABEL_LENGTH, Concept
from aigov.standards.reference import definition_fingerprint

SCHEME = URIRef("urn:aigov:standards:definitions")
CONCEPT_PREFIX = "urn:aigov:standards:concept:"
AIGOV = Namespace("urn:aigov:standards:vocabulary#")
FORMATS = {"turtle": "turtle", "json-ld": "json-ld"}


def _graph() -> Graph:
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("dcterms", DCTERMS)
    graph.bind("aigov", AIGOV)
    return graph


def register_graph(concepts: list[Concept]) -> Graph:
    """Return the SKOS graph of `concepts` (definitions prefetched)."""
    graph = _graph()
    graph.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    graph.add((SCHEME, DCTERMS.title, Literal("aigov register of AI definitions", lang="en")))
    for concept in concepts:
        node = URIRef(CONCEPT_PREFIX + concept.slug)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, SCHEME))
        graph.add((node, SKOS.notation, Literal(concept.slug)))
        for language, label in sorted(concept.labels.items()):
            graph.add((node, SKOS.prefLabel, Literal(label, lang=language)))
        for definition in concept.definitions.all():
            entry = BNode()
            graph.add((node, SKOS.definition, entry))
            graph.add((entry, DCTERMS.language, Literal(definition.language)))
            if definition.text:
                graph.add((entry, RDF.value, Literal(definition.text, lang=definition.language)))
            if definition.url:
                graph.add((entry, DCTERMS.source, URIRef(definition.url)))
            if definition.article_or_clause:
                graph.add(
                    (entry, DCTERMS.bibliographicCitation, Literal(definition.article_or_clause))
                )
            graph.add((entry, DCTERMS.identifier, Literal(definition.source_slug)))
            graph.add((entry, DCTERMS.title, Literal(definition.source_title)))
            graph.add((entry, DCTERMS.type, Literal(definition.source_type)))
            if definition.source_year is not None:
                graph.add(
                    (entry, DCTERMS.date, Literal(str(definition.source_year), datatype=XSD.gYear))
                )
            graph.add((entry, AIGOV.verbatim, Literal(definition.is_verbatim)))
            if definition.source_note:
                graph.add((entry, SKOS.note, Literal(definition.source_note)))
    return graph


def serialise(concepts: list[Concept], fmt: str) -> str:
    """Return the register in `fmt` (turtle or json-ld)."""
    return register_graph(concepts).serialize(format=FORMATS[fmt])


@dataclass
class ParsedRegister:
    concepts: list[dict[str, Any]]
    definitions: list[dict[str, Any]]
    problems: list[RowProblem]


def _text(graph: Graph, subject: Any, predicate: Any) -> str:
    value = graph.value(subject, predicate)
    return str(value) if value is not None else ""


def _labels(
    labels: dict[str, str], problems: list[RowProblem], where: tuple[str, int]
) -> dict[str, str] | None:
    """Return a concept's labels checked as the register keeps them (the six languages, at most
    LABEL_LENGTH characters each); add a problem for each label refused and return None."""
    try:
        return clean_translations(labels, max_length=LABEL_LENGTH, field="skos:prefLabel")
    except ValidationError as invalid:
        problems.extend(
            RowProblem(where[0], where[1], "skos:prefLabel", " ".join(problem.messages))
            for problem in invalid.error_dict["skos:prefLabel"]
        )
        return None


def remote_references(document: Any) -> list[str]:
    """Return the addresses a JSON-LD document would have its reader fetch: string values of
    `@context` (alone or in a list) and of `@import`, at any depth."""
    found: list[str] = []
    stack = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key in ("@context", "@import"):
                    items = item if isinstance(item, list) else [item]
                    found += [entry for entry in items if isinstance(entry, str)]
                stack.append(item)
    return found


def _refuse_remote_contexts(content: str, name: str) -> RowProblem | None:
    """A problem if the JSON-LD `content` names a context to fetch: rdflib would fetch it from
    any host the file names (docs/security.md, gap 3), and a register file must be
    self-contained. None if there is none (or the text is not JSON: the parser says so)."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        return None
    addresses = remote_references(document)
    if not addresses:
        return None
    return RowProblem(
        name,
        0,
        "@context",
        f"the document names a remote context ({', '.join(sorted(set(addresses))[:3])}); "
        "nothing is fetched: put the context in the file itself",
    )


def parse(content: str, *, name: str, fmt: str | None = None) -> ParsedRegister:
    """Read a SKOS document into concept and definition values; collect every problem.

    `fmt` defaults from the file name (.ttl Turtle, .jsonld/.json JSON-LD). Problems name the
    concept (as `row`: its position in the document) and the property.
    """
    if fmt is None:
        fmt = "json-ld" if name.endswith((".jsonld", ".json")) else "turtle"
    if fmt == "json-ld" and (remote := _refuse_remote_contexts(content, name)):
        return ParsedRegister([], [], [remote])
    graph = _graph()
    problems: list[RowProblem] = []
    try:
        graph.parse(data=content, format=FORMATS.get(fmt, fmt))
    except Exception as error:  # noqa: BLE001 - any parser failure is the file's problem
        return ParsedRegister([], [], [RowProblem(name, 0, "document", str(error))])
    concepts: list[dict[str, Any]] = []
    definitions: list[dict[str, Any]] = []
    nodes = sorted(graph.subjects(RDF.type, SKOS.Concept), key=str)
    for position, node in enumerate(nodes, start=1):
        slug = _text(graph, node, SKOS.notation) or str(node).removeprefix(CONCEPT_PREFIX)
        labels = _labels(
            {
                str(label.language): str(label)
                for label in graph.objects(node, SKOS.prefLabel)
                if isinstance(label, Literal) and label.language
            },
            problems,
            (name, position),
        )
        if labels == {}:
            problems.append(RowProblem(name, position, "skos:prefLabel", f"{slug} has no label"))
        concepts.append({"slug": slug, "labels": labels or {}})
        for entry in graph.objects(node, SKOS.definition):
            text = graph.value(entry, RDF.value) if not isinstance(entry, Literal) else entry
            language = (
                text.language if isinstance(text, Literal) and text.language else None
            ) or _text(graph, entry, DCTERMS.language)
            if not language:
                problems.append(
                    RowProblem(
                        name,
                        position,
                        "skos:definition",
                        f"a definition of {slug} has no language tag",
                    )
                )
                continue
            source_slug = _text(graph, entry, DCTERMS.identifier)
            if not source_slug:
                problems.append(
                    RowProblem(
                        name,
                        position,
                        "dcterms:identifier",
                        f"a definition of {slug} has no source",
                    )
                )
            year = _text(graph, entry, DCTERMS.date)
            verbatim = graph.value(entry, AIGOV.verbatim)
            values = {
                "concept_id": slug,
                "source_slug": source_slug,
                "source_title": _text(graph, entry, DCTERMS.title),
                "source_type": _text(graph, entry, DCTERMS.type),
                "source_year": int(year) if year.isdigit() else None,
                "article_or_clause": _text(graph, entry, DCTERMS.bibliographicCitation),
                "language": language,
                "text": str(text) if text is not None else "",
                "url": _text(graph, entry, DCTERMS.source),
                "is_verbatim": (
                    str(verbatim).lower() not in {"false", "0"} if verbatim is not None else True
                ),
                "source_note": _text(graph, entry, SKOS.note),
            }
            values["fingerprint"] = definition_fingerprint(values)
            definitions.append(values)
    if not nodes:
        problems.append(RowProblem(name, 0, "skos:Concept", "the document holds no concept"))
    return ParsedRegister(concepts, definitions, problems)
