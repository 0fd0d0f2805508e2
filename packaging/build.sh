#!/usr/bin/env bash
# Builds the self-contained Linux app folder dist/cocity-workshop/ with PyInstaller and prints its size.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-dev
.venv/bin/python -m pip install -q "pyinstaller>=6.10"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/cocity_workshop.spec
du -sh dist/cocity-workshop
