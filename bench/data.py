"""Data-use policy benchmark (issue 22, "Speed"): 10,000 access requests judged against 1,000
ODRL policies in under 1 s.

Run through bench/run.py, which gives it a fresh, migrated database (only the taxonomy's
countries are read: where each request comes from). It writes 1,000 policies in ODRL 2.2
JSON-LD (permissions and prohibitions over the purpose vocabulary, places from the taxonomy,
terms), reads each once into its compiled form (what `dataset_policy` caches per dataset), and
times:

- `data_policy_evaluation`: 10,000 requests (random dataset, purposes, country, term) judged
  by `policy_evaluate` against the compiled policies;
- its baseline: the plain way, each request parsing its policy's JSON-LD with rdflib (with the
  ODRL context inline: no network) and reading it again before judging. rdflib takes
  milliseconds a document, so the baseline is timed on the first 1,000 requests and scaled to
  10,000 (`baseline_sampled`); both ways are checked to give the same answers on those.
"""

import copy
import json
import os
import random
import sys
import time
from typing import Any

import _common as common

POLICIES = 1_000
REQUESTS = 10_000
BASELINE_SAMPLE = 1_000
TARGET_MS = 1_000  # issue 22
SEED = 20_261_207
ODRL = "http://www.w3.org/ns/odrl/2/"


def _policy(rng: random.Random, index: int, places: list[str]) -> dict[str, Any]:
    from aigov.data.vocabulary import PURPOSES

    slugs = [purpose.slug for purpose in PURPOSES]
    groups = ["African", "Asia-Pacific", "EEG", "GRULAC", "WEOG", "L", "LM", "UM", "H"]
    permission: dict[str, Any] = {
        "uid": f"p{index}",
        "action": "use",
        "constraint": [
            {"leftOperand": "purpose", "operator": "isAnyOf", "rightOperand": rng.sample(slugs, 3)},
            {
                "leftOperand": "spatial",
                "operator": "isAnyOf",
                "rightOperand": rng.sample(groups, 2) + rng.sample(places, 5),
            },
            {"leftOperand": "elapsedTime", "operator": "lteq", "rightOperand": "P365D"},
        ],
        "duty": [{"action": "attribute"}],
    }
    prohibition = {
        "uid": f"x{index}",
        "action": "use",
        "constraint": [
            {"leftOperand": "purpose", "operator": "eq", "rightOperand": rng.choice(slugs)}
        ],
    }
    return {
        "@context": "http://www.w3.org/ns/odrl.jsonld",
        "@type": "Set",
        "uid": f"urn:bench:policy:{index}",
        "permission": [permission],
        "prohibition": [prohibition],
    }


def _offline(document: dict[str, Any]) -> str:
    """The document with the ODRL context inline, so rdflib fetches nothing."""
    inline = copy.deepcopy(document)
    inline["@context"] = {"@vocab": ODRL, "odrl": ODRL, "uid": "@id", "@base": "urn:bench:"}
    return json.dumps(inline)


def main() -> None:
    common.refuse_unless_bench_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("load_reference", only=["taxonomy"], verbosity=0)
    import rdflib

    from aigov.data import policy as odrl
    from aigov.data.vocabulary import PURPOSES
    from aigov.taxonomy.models import Country

    db = os.environ.get("BENCH_DB", connection.vendor)
    rng = random.Random(SEED)
    countries = list(Country.objects.values_list("iso3", "regional_group", "income_group"))
    codes = [code for code, _group, _income in countries]
    documents = [_policy(rng, index, codes) for index in range(POLICIES)]
    compiled = [odrl.policy_read(document, known_countries=codes) for document in documents]
    slugs = [purpose.slug for purpose in PURPOSES]
    requests = [
        (
            rng.randrange(POLICIES),
            rng.sample(slugs, rng.choice((1, 2))),
            odrl.Place(*rng.choice(countries)),
            rng.choice((30, 180, 400)),
        )
        for _ in range(REQUESTS)
    ]

    started = time.perf_counter()
    answers = [
        odrl.policy_evaluate(compiled[policy], purposes=purposes, place=place, days=days).decision
        for policy, purposes, place, days in requests
    ]
    value = (time.perf_counter() - started) * 1000

    offline = [_offline(document) for document in documents]
    started = time.perf_counter()
    plain = []
    for policy, purposes, place, days in requests[:BASELINE_SAMPLE]:
        graph = rdflib.Graph().parse(data=offline[policy], format="json-ld")
        if len(graph) == 0:
            print("rdflib read no triples from a policy", file=sys.stderr)
            sys.exit(1)
        again = odrl.policy_read(documents[policy], known_countries=codes)
        plain.append(
            odrl.policy_evaluate(again, purposes=purposes, place=place, days=days).decision
        )
    baseline = (time.perf_counter() - started) * 1000 * REQUESTS / BASELINE_SAMPLE
    if plain != answers[:BASELINE_SAMPLE]:
        print("the baseline and the compiled policies disagree", file=sys.stderr)
        sys.exit(1)
    common.emit_against(
        "data_policy_evaluation",
        db,
        value,
        "ms",
        baseline=baseline,
        target=TARGET_MS,
        requests=REQUESTS,
        policies=POLICIES,
        baseline_sampled=BASELINE_SAMPLE,
        decisions={d: answers.count(d) for d in sorted(set(answers))},
    )


if __name__ == "__main__":
    main()
