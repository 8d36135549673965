#!/usr/bin/env bash
# Create the virtual environment with a Python >= 3.12 (Django 6 needs it).
set -euo pipefail
venv=${1:-.venv}
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  exit 0
fi
for candidate in python3.13 python3.12 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    "$candidate" -m venv "$venv"
    exit 0
  fi
done
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare | grep -E '^3\.1[2-9]' | sort -rV); do
    PYENV_VERSION=$version python3 -m venv "$venv" && exit 0
  done
fi
echo "Cookstore needs Python 3.12 or newer; none was found." >&2
exit 1
