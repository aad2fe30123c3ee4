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
        assert len(blocks) > 1 and sum(len(ids) for ids, _, _ in blocks) == 300
        assert list(blocks[0][0][:3]) == [0, 1, 2] and blocks[0][2] is None
        assert len(whoosh_internals.field_lengths(reader, "body")) == 300
        # Blocks holding none of the documents asked about are skipped on their header.
        within = list(whoosh_internals.blocks(matcher, [5, 299], values=True))
        assert len(within) == 2  # the first and the last block only
        assert 5 in within[0][0] and 299 in within[1][0]
        encoded = [value for _, _, values in within for value in values]
        field = searcher.schema["body"]
        assert whoosh_internals.positions_decoder(field)(encoded) == [
            field.format.decode_positions(value) for value in encoded
        ]


def test_positions_decoded_in_one_go_equal_whooshs_own_even_for_odd_values(tmp_path):
    store = IndexStore(tmp_path / "index", write_timeout=10)
    field = store.open_generation(store.ensure_current()).schema["body"]
    decode = whoosh_internals.positions_decoder(field)
    lists = [[0], [1, 4, 300, 70000], [], list(range(0, 600, 3))]
    encoded = [field.format.encode(positions) for positions in lists]
    assert decode(encoded) == lists
    # A value without its STOP (older writers) and a count that disagrees with the list: Whoosh decodes.
    assert decode([encoded[1][:-1], encoded[0]]) == [lists[1], lists[0]]
    lying = (7).to_bytes(4, "big") + encoded[1][4:]
    assert decode([lying]) == [field.format.decode_positions(lying)]


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
