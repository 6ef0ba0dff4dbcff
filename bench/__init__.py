"""FullPicture's benchmarks: `python -m bench --database sqlite|postgres://...` (see README.md).

Benchmarks print figures; they assert nothing. Tests are in tests/.
"""
