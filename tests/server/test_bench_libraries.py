"""``benchmarks/bench_libraries.py`` reads perf's report by library into its rows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_libraries

REPORT = """# To display the perf.data header info, please use --header/--header-only options.
#
# Overhead  Shared Object
# ........  .............................................
#
    68.14%  libpython3.11.so.1.0
    10.64%  etree.cpython-311-x86_64-linux-gnu.so
    10.31%  libc.so.6
     7.70%  [kernel.kallsyms]
     1.63%  loop.cpython-311-x86_64-linux-gnu.so
     0.47%  parser.cpython-311-x86_64-linux-gnu.so
"""


def test_each_library_is_counted_in_its_row():
    shares = bench_libraries.shares(REPORT)
    assert shares == pytest.approx({"the Python interpreter": 68.14, "lxml with its libxml2": 10.64, "glibc": 10.31,
                                    "the kernel": 7.70, bench_libraries.OTHER: 2.10})
