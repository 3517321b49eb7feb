from scoring.core.identity_cache import per_object


def test_value_is_built_once_per_object_and_never_shared():
    calls = []

    @per_object
    def build(obj):
        calls.append(obj)
        return len(calls)

    a, b = [1], [1]  # equal but distinct objects
    assert build(a) == 1 and build(a) == 1
    assert build(b) == 2
    assert calls == [a, b]
