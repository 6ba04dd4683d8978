"""`python -m game` is the same CLI as `python main.py` and `balto`."""
import sys

from game.cli import main

sys.exit(main())
