"""Level-file fuzzing: random TOML documents, random tables, mutations of every
shipped level and hostile values (huge arrays, deep nesting, long texts, huge
integers, NaN/inf, unicode in every text) either load or raise ``LevelError``
with a message, and never anything else.

Every load runs under :func:`bounded`: at most 1 s of CPU time (a hang guard:
a repeating ``ITIMER_PROF`` timer raises inside the load, so a busy machine
does not trip it), then again for a peak of at most 200 MB allocated through
Python (``tracemalloc``; allocations inside pydantic-core's Rust code are not
seen). A failure shows the file content.
"""

from __future__ import annotations

import math
import re
import reprlib
import signal
import sys
import tempfile
import tomllib
import tracemalloc
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import paths
from game.labs import LABS  # noqa: F401  (imported now, so the first bounded load does not pay for it)
from game.catalog import level_from_dict, load_level
from game.core.level import Level
from game.levels import MAX_BYTES, LevelError

pytestmark = [pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer (POSIX)"),
              pytest.mark.slow]   # long: run by .ci/run, skipped by -m "not slow"

SHIPPED = sorted(paths.LEVELS.rglob("*.toml"))
LIMIT_CPU_S = 1.0
LIMIT_BYTES = 200 * 2**20
SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Hang(BaseException):
    """Raised by the timer inside a load; a BaseException so ``except Exception`` cannot swallow it."""


def _excerpt(content) -> str:
    """The file text, or a bounded repr of a table (huge integers and deep nesting included)."""
    text = content
    if not isinstance(content, str):
        r = reprlib.Repr()
        r.maxlevel, r.maxlist, r.maxdict, r.maxstring, r.maxother, r.maxlong = 8, 20, 20, 200, 200, 200
        digits = sys.get_int_max_str_digits()
        sys.set_int_max_str_digits(0)
        try:
            text = r.repr(content)
        except (ValueError, RecursionError) as exc:
            text = f"<{type(content).__name__} that cannot be shown: {type(exc).__name__}>"
        finally:
            sys.set_int_max_str_digits(digits)
    if len(text) > 3000:
        return f"{text[:1500]}\n... ({len(text)} characters) ...\n{text[-1000:]}"
    return text


def _run(load) -> tuple[Level | LevelError | None, BaseException | None]:
    try:
        return load(), None
    except LevelError as err:
        return err, None
    except Hang:
        raise
    except Exception as exc:   # anything else is the failure this file looks for
        return None, exc


def _timed(load) -> tuple[Level | LevelError | None, BaseException | None, bool]:
    """``load()`` under a repeating CPU-time timer; (outcome, other exception, timed out)."""
    fired = []

    def on_timer(signum, frame):
        fired.append(True)
        raise Hang

    old = signal.signal(signal.SIGPROF, on_timer)
    signal.setitimer(signal.ITIMER_PROF, LIMIT_CPU_S, 0.05)   # keeps firing until disarmed
    try:
        outcome, error = _run(load)
    except Hang:
        outcome, error = None, None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
    return outcome, error, bool(fired)


def _peak_bytes(load) -> int:
    """Peak bytes allocated through Python while ``load()`` runs (tracemalloc)."""
    was_tracing = tracemalloc.is_tracing()
    if was_tracing:
        tracemalloc.reset_peak()
    else:
        tracemalloc.start()
    try:
        _run(load)
        return tracemalloc.get_traced_memory()[1]
    finally:
        if not was_tracing:
            tracemalloc.stop()


def bounded(load, content) -> Level | LevelError:
    """Run ``load()`` within the bounds; return the level or the ``LevelError``.

    Fails the test, showing ``content``, on any other exception, on more than
    ``LIMIT_CPU_S`` of CPU time, or on a tracemalloc peak over ``LIMIT_BYTES``.
    Time and memory are two runs: tracemalloc slows allocation-heavy code (the
    TOML parser) about tenfold, which would make the time bound meaningless.
    """
    outcome, error, timed_out = _timed(load)
    if timed_out:
        pytest.fail(f"loading took over {LIMIT_CPU_S} s of CPU time:\n{_excerpt(content)}")
    if error is not None:
        pytest.fail(f"{type(error).__name__}: {str(error)[:500]}\nwhile loading:\n{_excerpt(content)}")
    peak = _peak_bytes(load)
    assert peak < LIMIT_BYTES, f"loading allocated {peak / 2**20:.0f} MB:\n{_excerpt(content)}"
    if isinstance(outcome, LevelError):
        assert outcome.problems and all(isinstance(p, str) and p.strip() for p in outcome.problems), outcome
        assert len(outcome.problems) <= 51, "the problem list is cut at MAX_PROBLEMS"
    return outcome


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory(prefix="na-fuzz-") as d:
        yield Path(d)


def load_text(text: str, folder: Path) -> Level | LevelError:
    """Write ``text`` as a level file and load it within the bounds."""
    f = folder / "fuzz.toml"
    f.write_bytes(text.encode("utf-8", "surrogatepass"))
    return bounded(lambda: load_level(f), text)


def load_table(data, path: Path | None = None) -> Level | LevelError:
    return bounded(lambda: level_from_dict(data, path=path), data)


def _base(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _key_paths(d, prefix=()):
    """Every key path in a parsed level, tables and array items included."""
    items = d.items() if isinstance(d, dict) else enumerate(d) if isinstance(d, list) else ()
    for k, v in items:
        yield prefix + (k,)
        yield from _key_paths(v, prefix + (k,))


def _set(d, path, value):
    for k in path[:-1]:
        d = d[k]
    d[path[-1]] = value


def _delete(d, path):
    for k in path[:-1]:
        d = d[k]
    del d[path[-1]]


def _nest(n: int, table: bool):
    x: object = 1
    for _ in range(n):
        x = {"a": x} if table else [x]
    return x


# ------------------------------------------------------------------ strategies

TOP_KEYS = ["schema", "id", "kind", "title", "brief", "learned", "goal", "fixed", "params", "controls",
            "solution", "window", "hints", "seed", "image", "time_limit_s", "tour", "extra"]
scalars = (st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=20))
toml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
any_values = st.recursive(st.none() | scalars, lambda inner: st.lists(inner, max_size=4)
                          | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
hostile = st.one_of(
    st.builds(lambda n, v: [v] * n, st.integers(10**4, 10**6), scalars),               # huge arrays
    st.builds(lambda n: list(range(n)), st.integers(4000, 10**6)),
    st.builds(lambda n: {f"k{i}": i for i in range(n)}, st.integers(4000, 2 * 10**5)),  # huge tables
    st.builds(_nest, st.integers(20, 5000), st.booleans()),                             # deep nesting
    st.builds(lambda n, c: c * n, st.integers(1000, 10**6), st.characters()),          # long texts
    st.integers(2**62, 10**400) | st.integers(-10**400, -2**62) | st.just(10**4000),   # huge integers
    st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, 5e-324]),              # awkward floats
    st.lists(st.sampled_from([math.nan, math.inf, -math.inf]), min_size=1, max_size=4),
    unicode_text,
)
hostile_toml = st.one_of(                                                              # value text, < MAX_BYTES
    st.builds(lambda n: "[" + "0.5," * n + "]", st.integers(10**3, MAX_BYTES // 4 - 100)),
    st.builds(lambda n: "[" * n + "]" * n, st.integers(20, 20000)),
    st.builds(lambda n: "{a=" * n + "1" + "}" * n, st.integers(20, 5000)),
    st.builds(lambda n: '"' + "x" * n + '"', st.integers(1000, MAX_BYTES - 1000)),
    st.builds(lambda n: "1" * n, st.integers(19, 20000)),                              # huge integers
    st.sampled_from(["nan", "inf", "-inf", "+nan", "1e400", "-1e400", "0x7fffffffffffffff",
                     "1979-05-27T07:32:00Z", '"\\u202e\\u0000\\ud7ff"', '"\\U0010FFFF"']),
)


# ----------------------------------------------------------------------- tests

@settings(max_examples=150, **SLOW)
@given(data=st.dictionaries(st.sampled_from(TOP_KEYS), any_values, max_size=10))
def test_random_tables_load_or_raise_level_error(data):
    load_table(data)


@settings(max_examples=150, **SLOW)
@given(data=st.dictionaries(st.sampled_from(TOP_KEYS) | st.text(max_size=8), toml_values, max_size=10))
def test_random_toml_documents_load_or_raise_level_error(folder, data):
    load_text(tomli_w.dumps(data), folder)


@settings(max_examples=100, **SLOW)
@given(text=st.text(max_size=400) | st.binary(max_size=400).map(lambda b: b.decode("latin-1")))
def test_random_text_files_load_or_raise_level_error(folder, text):
    load_text(text, folder)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
@settings(max_examples=20, **SLOW)
@given(data=st.data())
def test_mutating_every_shipped_level_loads_or_raises_level_error(path, data):
    base = _base(path)
    key = data.draw(st.sampled_from(list(_key_paths(base))), label="key path")
    how = data.draw(st.sampled_from(["replace", "hostile", "delete", "add"]), label="mutation")
    if how == "replace":
        _set(base, key, data.draw(any_values, label="value"))
    elif how == "hostile":
        _set(base, key, data.draw(hostile, label="value"))
    elif how == "delete":
        _delete(base, key)
    else:                               # a new entry in the deepest container on the path
        target = base
        for k in key:
            if not isinstance(target[k], (dict, list)):
                break
            target = target[k]
        if isinstance(target, dict):
            target[data.draw(st.text(max_size=12), label="new key")] = data.draw(any_values, label="value")
        else:
            target.append(data.draw(any_values, label="value"))
    load_table(base, path)


@settings(max_examples=120, **SLOW)
@given(path=st.sampled_from(SHIPPED), data=st.data())
def test_hostile_values_anywhere_in_a_shipped_level(path, data):
    base = _base(path)
    key = data.draw(st.sampled_from([(k,) for k in TOP_KEYS] + list(_key_paths(base))), label="key path")
    _set(base, key, data.draw(hostile, label="value"))
    load_table(base, path)


@settings(max_examples=50, **SLOW)
@given(path=st.sampled_from(SHIPPED), data=st.data())
def test_hostile_toml_text_in_a_shipped_level_file(folder, path, data):
    """Replace one top-level ``key = value`` line's value (or add a line) with hostile TOML."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assignments = [i for i, ln in enumerate(lines) if re.match(r"^[a-z_.]+ = ", ln)]
    value = data.draw(hostile_toml, label="value")
    i = data.draw(st.sampled_from(assignments), label="line")
    if data.draw(st.booleans(), label="replace"):
        lines[i] = lines[i].split(" = ", 1)[0] + " = " + value
    else:
        key = data.draw(st.sampled_from(["extra", "fixed.extra", "goal.extra", "x.y.z"]), label="new key")
        lines.insert(i, f"{key} = {value}")
    load_text("\n".join(lines) + "\n", folder)


@settings(max_examples=80, **SLOW)
@given(path=st.sampled_from(SHIPPED), data=st.data())
def test_text_mutations_of_shipped_level_files(folder, path, data):
    """Cut, duplicate or insert random characters anywhere in a shipped file."""
    text = path.read_text(encoding="utf-8")
    a = data.draw(st.integers(0, len(text)), label="at")
    b = data.draw(st.integers(a, min(len(text), a + 200)), label="to")
    how = data.draw(st.sampled_from(["cut", "duplicate", "insert"]), label="mutation")
    if how == "cut":
        text = text[:a] + text[b:]
    elif how == "duplicate":
        text = text[:b] + text[a:b] * data.draw(st.integers(1, 50)) + text[b:]
    else:
        text = text[:a] + data.draw(st.text(max_size=30), label="inserted") + text[a:]
    load_text(text, folder)


@settings(max_examples=60, **SLOW)
@given(path=st.sampled_from(SHIPPED), data=st.data())
def test_unicode_in_every_string_field_of_a_shipped_level(folder, path, data):
    """Every text in the level replaced by random unicode, loaded as a table and as a file."""
    base = _base(path)
    for key in list(_key_paths(base)):
        parent = base
        for k in key[:-1]:
            parent = parent[k]
        if isinstance(parent[key[-1]], str):
            parent[key[-1]] = data.draw(unicode_text, label=".".join(map(str, key)))
    load_table(base, path)
    load_text(tomli_w.dumps(base), folder)


@pytest.mark.parametrize("value", [[0.5] * 10**6, _nest(5000, True), _nest(5000, False), "x" * 10**6,
                                   10**400, -10**400, math.nan, math.inf],
                         ids=["1e6-list", "deep-table", "deep-list", "1e6-text", "1e400", "-1e400", "nan", "inf"])
@pytest.mark.parametrize("key", ["id", "goal", "hints", "fixed", "params"])
def test_pinned_hostile_values_are_bounded(key, value):
    result = load_table(dict(_base(SHIPPED[0]), **{key: value}), SHIPPED[0])
    assert isinstance(result, LevelError)


def test_a_huge_integer_in_a_file_is_a_level_error(folder):
    text = SHIPPED[0].read_text(encoding="utf-8").replace("schema = 1", "huge = " + "9" * 5000 + "\nschema = 1", 1)
    err = load_text(text, folder)
    assert isinstance(err, LevelError)
    assert any("integer" in p for p in err.problems), err.problems


def test_the_bound_catches_a_hang():
    """The guard itself: a load that spins is stopped and reported."""
    def spin():
        while True:
            pass
    with pytest.raises(pytest.fail.Exception, match="CPU time"):
        bounded(spin, "spin")


def test_shipped_levels_load_within_the_bounds():
    for path in SHIPPED:
        assert isinstance(bounded(lambda: load_level(path), path.read_text(encoding="utf-8")), Level)

