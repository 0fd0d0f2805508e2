"""CoCity Workshop: run in-person co-creation workshops from one laptop, offline."""

__version__ = "0.1.0"

APP_ID = "eu.cocity.Workshop"
APP_NAME = "CoCity Workshop"
