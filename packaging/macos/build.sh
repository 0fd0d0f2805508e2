#!/usr/bin/env bash
# Builds "CoCity Workshop.app" and a .dmg on macOS (run on a Mac with Python 3.11 from python.org).
set -euo pipefail
cd "$(dirname "$0")/../.."
python3.11 -m venv .venv
.venv/bin/python -m pip install --upgrade pip
.venv/bin/python -m pip install -e ".[test]"
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/cocity_workshop.spec
version=$(.venv/bin/python -c "import cocity_workshop; print(cocity_workshop.__version__)")
# Signing and notarisation need the city's Apple Developer ID; without them Gatekeeper asks users to confirm.
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --deep --force --options runtime --sign "$CODESIGN_IDENTITY" "dist/CoCity Workshop.app"
fi
hdiutil create -volname "CoCity Workshop" -srcfolder "dist/CoCity Workshop.app" -ov -format UDZO \
  "dist/CoCityWorkshop-$version.dmg"
echo "Disk image written to dist/CoCityWorkshop-$version.dmg"
