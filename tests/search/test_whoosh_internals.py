"""The adapter to Whoosh's private members fails loudly here when Whoosh-Reloaded or its internals change."""

import re
from pathlib import Path

from whoosh.codec.whoosh3 import W3LeafMatcher

from search import whoosh_internals
from search.index_store import IndexStore

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_whoosh_is_the_pinned_one_the_adapter_was_written_for():
    pinned = re.search(r"^Whoosh-Reloaded==(\S+)$", (ROOT / "constraints.txt").read_text(), re.M)
    assert pinned and pinned.group(1) == whoosh_internals.PINNED_VERSION == whoosh_internals.installed_version()
    assert whoosh_internals.PROBLEMS == []


def test_the_private_members_are_where_the_adapter_reads_them(tmp_path):
    store = IndexStore(tmp_path / "index", write_timeout=10)
    writer = store.open_generation(store.ensure_current()).writer(timeout=10)
    for n in range(300):  # more than one posting block (128 postings)
        writer.add_document(key=f"t:{n}", pk=str(n), content_types="t", body=f"巡察组 谈话 第{n}次")
    writer.commit()
    with store.searcher() as searcher:
        reader = searcher.reader()
        assert whoosh_internals.check_reader(reader) == []
        matcher = whoosh_internals.unfiltered_postings(reader, "body", "谈话".encode())
        assert isinstance(matcher, W3LeafMatcher)
        assert whoosh_internals.check_matcher(matcher) == []
        blocks = list(whoosh_internals.blocks(matcher))
        assert len(blocks) > 1 and sum(len(ids) for ids, _ in blocks) == 300
        assert len(whoosh_internals.field_lengths(reader, "body")) == 300
        values = list(whoosh_internals.blocks_with_values(matcher, {5, 299}))
        assert len(values) == 2  # the first and the last block only


def test_no_other_module_reaches_into_whoosh_privates():
    private = re.compile(
        r"\._(perdoc|ids|weights|values|goto|field_B|lastblock|nextoffset|read_ids|read_weights|read_values)\b|_lenfield"
    )
    offenders = [
        path.name
        for path in (ROOT / "search").glob("*.py")
        if path.name != "whoosh_internals.py" and private.search(path.read_text())
    ]
    assert offenders == []
