"""Moved here as a first step of splitting it by sub-domain: the package stands for the
module until the split (next commit)."""

import sys

from . import scoring

sys.modules[__name__] = scoring
