"""CoCity Workshop: run in-person co-creation workshops from one laptop, offline."""

__version__ = "0.1.0"

APP_ID = "eu.cocity.Workshop"
APP_NAME = "CoCity Workshop"
#: The app's home page (as the AppStream metadata says); bundles name it as the tool their data came from.
APP_HOMEPAGE = "https://cocity.eu/workshop"
