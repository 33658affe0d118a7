#!/usr/bin/env bash
# Installs what the browser, HTML and server tests need, from Debian's and npm's registries only:
# Debian's chromium (never a browser a tool downloads), a CJK font, Pango for WeasyPrint's PDFs, nginx, Java for the
# Nu HTML Checker; vnu-jar and axe-core from npm into node_modules/. Idempotent and quick
# when everything is present. Needs root (CI runs as root) or an already-equipped machine.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-wqy-zenhei >/dev/null 2>&1 || need+=(fonts-wqy-zenhei)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint (PDF attachments)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs npm)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-system: missing ${need[*]}; install them as root: apt-get install ${need[*]}" >&2
    exit 1
  fi
  echo "setup-system: installing ${need[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
  echo "setup-system: installing vnu-jar and axe-core from npm"
  npm install --no-audit --no-fund --silent >/dev/null
fi
