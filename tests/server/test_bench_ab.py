"""``benchmarks/bench_ab.py`` reads its trees and sums up its rounds as docs/benchmarks.md says."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_ab


def test_a_tree_is_a_path_with_the_environment_of_its_server():
    plain = bench_ab.tree("/tmp/some-tree")
    assert plain.path == Path("/tmp/some-tree").resolve() and plain.env == () and plain.name == "some-tree"
    named = bench_ab.tree("/tmp/some-tree@PYTHONMALLOC=malloc;GLIBC_TUNABLES=glibc.malloc.hugetlb=1")
    assert dict(named.env) == {"PYTHONMALLOC": "malloc", "GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}
    assert named.name == "some-tree@PYTHONMALLOC=malloc;GLIBC_TUNABLES=glibc.malloc.hugetlb=1"
    assert len({plain, named, bench_ab.tree("/tmp/some-tree")}) == 2


def test_the_ratios_are_round_by_round_with_their_quartiles():
    base = [200.0, 250.0, 220.0, 300.0, 210.0]
    other = [180.0, 250.0, 231.0, 270.0, 189.0]  # 0.90, 1.00, 1.05, 0.90, 0.90
    assert bench_ab.ratios(base, other) == pytest.approx((0.90, 0.90, 1.00))
    assert bench_ab.ratios([100.0], [95.0]) == pytest.approx((0.95, 0.95, 0.95))
    with pytest.raises(ValueError):
        bench_ab.ratios([1.0, 2.0], [1.0])
