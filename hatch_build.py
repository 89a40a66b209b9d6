"""Hatch build hook: ship the bundled folders inside the wheel as `iackg/_bundled/<folder>`.

A plain `force-include` table fails the whole build when one folder does not exist yet (a
branch without `queries/`, say); this hook includes the folders that exist and names the ones
that do not, so `iackg.paths.bundled()` reports a missing folder clearly at run time instead.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

BUNDLED = ("ontology", "shapes", "queries", "data")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        for folder in BUNDLED:
            if (root / folder).is_dir():
                build_data["force_include"][str(root / folder)] = f"iackg/_bundled/{folder}"
            else:
                self.app.display_warning(f"iackg wheel: no {folder}/ folder to bundle")
