"""Synthetic prefectural tables with a realistic shape, for tests and benchmarks.

`generate(out_dir, scale=1.0, seed=0, defects=0)` writes designation tables per region (some
CP932 with era dates and Japanese headers, some UTF-8 with ISO dates, one XLSX), a plans table and
an enterprises table. At national scale (1.0) there are about 14,000 resources spread over the 47
prefectures in proportion to the published counts, about 1,800 plans and their enterprises.
Everything is valid under the Act's rules unless `defects` asks for K rows of each defect kind;
those are listed in `defects.json` (kind, rule, file, row, column, focus IRI) so a validator can
be checked to find exactly them. Deterministic for a seed.
"""

from iackg.synth.records import DEFECT_KINDS, Generated, build
from iackg.synth.tables import generate, write

__all__ = ["DEFECT_KINDS", "Generated", "build", "generate", "write"]
