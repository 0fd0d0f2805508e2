# Builds CoCity Workshop for Windows: the app folder with PyInstaller, then the installer with Inno Setup.
# Run from the repository root in PowerShell with Python 3.11 (64-bit) and Inno Setup 6 on PATH.
$ErrorActionPreference = "Stop"
py -3.11 -m venv .venv
.\.venv\Scripts\python -m pip install --upgrade pip
.\.venv\Scripts\python -m pip install -e ".[test]"
.\.venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller packaging\cocity_workshop.spec
$version = (.\.venv\Scripts\python -c "import cocity_workshop; print(cocity_workshop.__version__)")
iscc /DAppVersion=$version packaging\windows\cocity-workshop.iss
Write-Host "Installer written to dist\CoCityWorkshop-$version-setup.exe"
