"""Reading a JSON object with one array streamed item by item gives what json.loads gives."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.jsonstream import read_streamed

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
