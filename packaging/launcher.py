"""Entry script for the frozen app: the same dispatch as ``cocity-workshop``."""

import sys

from cocity_workshop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
