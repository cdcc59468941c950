"""The corpus: documents written the way offices write them, each with the items it must
give (tests/data/programmes/NN-name.* beside NN-name.expected.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from config.loading import read_organisation
from config.settings import DEFAULT_ORGANISATION
from documents.reading import read_bytes
from domain.organisation import Organisation
from domain.parsing import parse
from domain.planning import plan_import

CORPUS = Path(__file__).resolve().parents[1] / "data" / "programmes"
DOCUMENTS = sorted(
    p for p in CORPUS.iterdir() if p.suffix in (".md", ".txt", ".docx") and p.name[0].isdigit()
)


def expected_of(document: Path) -> dict:
    stem = document.name.split(".")[0]
    return tomllib.loads((CORPUS / f"{stem}.expected.toml").read_text(encoding="utf-8"))


def organisation(expected: dict) -> Organisation:
    path = CORPUS / "orgs" / expected["organisation"] if "organisation" in expected else None
    return Organisation.from_dict(read_organisation(path or DEFAULT_ORGANISATION))


def test_the_corpus_holds_twenty_documents_or_more_each_with_its_expectations():
    assert len(DOCUMENTS) >= 20
    assert {".md", ".txt", ".docx"} <= {p.suffix for p in DOCUMENTS}
    for document in DOCUMENTS:
        assert expected_of(document)["items"], document.name


@pytest.mark.parametrize("document", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_each_document_gives_its_expected_items(document, record_property):
    expected = expected_of(document)
    plan = plan_import(parse(read_bytes(document.name, document.read_bytes())), organisation(expected))
    got = [
        {"period": i.period.key, "section": i.section, "text": i.text, "lead": i.lead,
         "support": list(i.support), "due": i.due.isoformat()}
        for i in plan.items
    ]  # fmt: skip
    want = expected["items"]
    record_property("corpus", f"{document.name}: {len(got)} items in "
                    f"{', '.join(expected['periods'])}, {len(plan.notices)} warnings")  # fmt: skip
    assert [p.key for p in plan.programme.periods] == expected["periods"]
    assert len(got) == len(want), [g["text"][:50] for g in got]
    for n, (item, wanted) in enumerate(zip(got, want, strict=True), 1):
        assert item["text"].startswith(wanted["text"]), (n, item["text"])
        assert {k: item[k] for k in wanted if k != "text"} == {
            k: v for k, v in wanted.items() if k != "text"
        }, (n, item["text"])
    assert [n.code for n in plan.notices] == expected["warnings"]
