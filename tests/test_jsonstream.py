"""Reading a JSON object with one array streamed item by item gives what json.loads gives."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.formats.jsonstream import read_streamed

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.decimals(
    allow_nan=False, allow_infinity=False, places=3)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.text(max_size=5), inner, max_size=4), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(head=st.dictionaries(st.text(max_size=6).filter(lambda k: k != "units"), values, max_size=4),
       units=st.lists(values, max_size=5), indent=st.sampled_from([None, 0, 2]), first=st.booleans())
def test_streamed_equals_loaded(head, units, indent, first):
    document = {"units": units, **head} if first else {**head, "units": units}
    text = json.dumps(document, indent=indent, ensure_ascii=False, default=float)
    seen = []
    got = read_streamed(text, "units", seen.append)
    expected = json.loads(text, parse_float=Decimal)
    assert seen == expected["units"]
    assert got == {**expected, "units": None}


def test_no_array_key_gives_the_object_as_is():
    assert read_streamed(' { "a" : 1.50 , "b" : [1, 2] } \n', "units", list().append) == {"a": Decimal("1.50"),
                                                                                      "b": [1, 2]}


@pytest.mark.parametrize("text, line, column", [
    ('{"units": [1, 2,]}', 1, 17),
    ('{"a": 1\n "units": []}', 2, 2),
    ('{"units": [{"x": 1}\n  {"y": 2}]}', 2, 3),
    ('{"a": 1} x', 1, 10),
    ("", 1, 1),
    ('{"units": [1]', 1, 14),
])
def test_malformed_text_says_where(text, line, column):
    with pytest.raises(json.JSONDecodeError) as caught:
        read_streamed(text, "units", list().append)
    assert (caught.value.lineno, caught.value.colno) == (line, column)


@pytest.mark.parametrize("text", ["[1, 2]", '"units"', '{"units": {"a": 1}}'])
def test_not_an_object_or_not_an_array_is_refused(text):
    with pytest.raises(ValueError):
        read_streamed(text, "units", list().append)


@settings(max_examples=150, deadline=None)
@given(head=st.dictionaries(st.text(max_size=6).filter(lambda k: k != "units"), values, max_size=4),
       units=st.lists(values, max_size=6), indent=st.sampled_from([None, 1]),
       chunk=st.integers(min_value=1, max_value=40), bom=st.booleans())
def test_a_file_read_in_small_chunks_gives_what_the_whole_text_gives(tmp_path_factory, head, units, indent,
                                                                     chunk, bom):
    text = json.dumps({**head, "units": units, "z": [1.5, "ế"]}, indent=indent, ensure_ascii=False, default=float)
    path = tmp_path_factory.mktemp("j") / "ket-qua.json"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    whole, parts = [], []
    assert read_streamed(path, "units", parts.append, chunk=chunk) == read_streamed(text, "units", whole.append)
    assert parts == whole


@pytest.mark.parametrize("chunk", [3, 64, 1 << 20])
@pytest.mark.parametrize("text", ['{"units": [{"a": 1}, {"b": [1, 2}], "x": 1}', '{"units": [1, 2]}\n  {',
                                  '{"a": "ế",\n "units": [' + ", ".join(['{"k": "v"}'] * 40) + ', tru]}'])
def test_malformed_file_errors_say_where_in_the_whole_file(tmp_path, text, chunk):
    path = tmp_path / "hong.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as caught:
        read_streamed(path, "units", list().append, chunk=chunk)
    assert (caught.value.lineno, caught.value.colno) == (expected.value.lineno, expected.value.colno)
