"""Decoding world-atlas's TopoJSON: arcs are quantised, delta-encoded and shared."""

from aigov.landscape.worldmap import _classes, _decode_arcs, _ring, country_paths


def test_arcs_are_delta_decoded_and_scaled():
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [-180, -90]},
        "arcs": [[[0, 0], [2, 4], [2, -4]]],
    }
    assert _decode_arcs(topology) == [[(-180.0, -90.0), (-179.0, -89.0), (-178.0, -90.0)]]


def test_a_negative_arc_index_walks_the_arc_backwards():
    arcs = [[(0.0, 0.0), (90.0, 0.0)], [(90.0, 0.0), (90.0, 45.0), (0.0, 0.0)]]
    forward = _ring(arcs, [0, 1])
    assert forward.startswith("M480,224L720,224L720,104") and forward.endswith("Z")
    backward = _ring(arcs, [~1, ~0])
    assert backward.startswith("M480,224L720,104L720,224")


def test_every_member_state_with_a_shape_is_drawn():
    paths = country_paths()
    assert "404" in paths and "156" in paths  # Kenya, China
    assert "010" not in paths  # Antarctica is left out


def test_legend_classes():
    assert [(e.low, e.high) for e in _classes(7)] == [(n, n) for n in range(8)]
    wide = _classes(20)
    assert (wide[0].low, wide[0].high) == (0, 0) and wide[-1].high == 20


def test_no_shape_streaks_across_the_map():
    """A ring crossing the antimeridian must not draw a line across the whole width."""
    import itertools
    import re

    from aigov.landscape.worldmap import WIDTH

    for code, path in country_paths().items():
        for subpath in path.split("M")[1:]:
            xs = [int(x) for x, _y in re.findall(r"(-?\d+),(-?\d+)", subpath)]
            steps = [abs(b - a) for a, b in itertools.pairwise(xs)]
            assert max(steps, default=0) < WIDTH / 2, code
