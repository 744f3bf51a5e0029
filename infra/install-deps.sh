#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine needs beyond the .NET SDK, Node.js and npm.
# Idempotent: installs only what is missing. npm packages for the wallboard are installed by the
# Host project's own build (see BuryUrgentCare.Host.csproj, target VendorSignalR).
#   --tests   also the servers and browser the integration tests drive (influxd, prometheus + promtool, chromium), and
#             docker-compose, which only validates infra/compose.yaml (no Docker engine is needed or started)
set -euo pipefail

want=()
command -v kcat >/dev/null 2>&1 || want+=(kcat)
if [[ "${1:-}" == "--tests" ]]; then
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
  command -v influxd >/dev/null 2>&1 || want+=(influxdb)
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || want+=(prometheus)
  command -v docker-compose >/dev/null 2>&1 || want+=(docker-compose)
fi

if ((${#want[@]})); then
  echo "install-deps: apt-get install ${want[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # --no-install-recommends keeps the image small; policy-rc.d keeps Debian from starting influxd or prometheus as a
  # service (the tests start their own, on free loopback ports).
  if [[ ( " ${want[*]} " == *" influxdb "* || " ${want[*]} " == *" prometheus "* ) && ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fi

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-deps: $tool is required but missing" >&2; exit 1; }
done
