"""`python -m iackg` runs the command-line interface."""

import sys

from iackg.cli import main

sys.exit(main())
