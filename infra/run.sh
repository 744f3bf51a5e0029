#!/usr/bin/env bash
# Runs Bury Urgent Care on one machine with no configuration: in-process Kafka, the simulator
# feeding it, the wallboard on http://127.0.0.1:${PORT:-5080}. Extra arguments go to the host,
# e.g. --Simulator:SpeedUp=60 or --Kafka:BootstrapServers=broker:9092.
set -euo pipefail
cd "$(dirname "$0")/.."
bash infra/install-deps.sh
port="${PORT:-5080}"
dotnet build src/BuryUrgentCare.Host -c Release -nologo -v quiet
echo
echo "Wallboard: http://127.0.0.1:${port}/wallboard/FGH-ED   Overview: http://127.0.0.1:${port}/   API: http://127.0.0.1:${port}/api/units"
echo
exec dotnet run --project src/BuryUrgentCare.Host -c Release --no-build --no-launch-profile -- --urls "http://127.0.0.1:${port}" "$@"
