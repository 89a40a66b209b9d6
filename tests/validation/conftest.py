import sys
from pathlib import Path

# Let the tests of this folder import their helper module (validation_cases) by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))
