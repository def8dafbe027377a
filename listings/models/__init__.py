"""The listings models; re-exported here, so the app label and imports stay as they are."""

from .jobs import *  # noqa: F403
