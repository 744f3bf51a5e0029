#!/usr/bin/env bash
# Creates Bury Urgent Care's topics, or brings an existing topic's settings back to these, then lists them.
# Run by the compose stack's kafka-init job (apache/kafka image); usable against any cluster with Kafka's CLI:
#   BOOTSTRAP_SERVERS=kafka1:9092 KAFKA_BIN=/opt/kafka/bin bash infra/kafka/create-topics.sh
# Add --command-config with a client.properties for a SASL/SSL cluster via KAFKA_CLIENT_CONFIG.
# Why these numbers: docs/deployment.md, "Topics and retention".
set -euo pipefail

bootstrap="${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is required, e.g. kafka-1:9092}"
bin="${KAFKA_BIN:-/opt/kafka/bin}"
client=()
[[ -n "${KAFKA_CLIENT_CONFIG:-}" ]] && client=(--command-config "$KAFKA_CLIENT_CONFIG")
replication="${REPLICATION_FACTOR:-3}"
day_ms=$((24 * 60 * 60 * 1000))
# The replay horizon (48 h) plus the history you may want to rebuild from the log (28 days): 30 days.
events_retention_ms="${EVENTS_RETENTION_MS:-$((30 * day_ms))}"
# Never shorter than the events' retention: a rejected event stays explainable as long as its neighbours exist.
deadletter_retention_ms="${DEADLETTER_RETENTION_MS:-$events_retention_ms}"

# The brokers of a fresh cluster take a few seconds to form their quorum.
for attempt in $(seq 1 60); do
  if "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" "${client[@]}" --list >/dev/null 2>&1; then break; fi
  [[ "$attempt" -eq 60 ]] && { echo "create-topics: Kafka at $bootstrap did not answer within 2 minutes" >&2; exit 1; }
  sleep 2
done

topic() { # name partitions config...
  local name="$1" partitions="$2"; shift 2
  local configs=() csv
  for c in "$@"; do configs+=(--config "$c"); done
  csv="$(IFS=,; echo "$*")"
  "$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" "${client[@]}" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$replication" "${configs[@]}"
  # --if-not-exists leaves an existing topic alone: set its configuration explicitly, so a re-run repairs drift.
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" "${client[@]}" --alter \
    --entity-type topics --entity-name "$name" --add-config "$csv"
}

# Key = unit: 12 partitions let up to 12 workers share the units (more partitions than units buys nothing).
topic uec.events 12 cleanup.policy=delete "retention.ms=$events_retention_ms" min.insync.replicas=2
topic uec.events.deadletter 3 cleanup.policy=delete "retention.ms=$deadletter_retention_ms" min.insync.replicas=2
# The figures table: each unit's newest snapshot (key = unit), read whole by every node, so compacted.
topic uec.figures 12 cleanup.policy=compact min.insync.replicas=2
# The device-token table: every wall screen's token record (key = token id; hashes only), read whole by every node.
topic uec.access 3 cleanup.policy=compact min.insync.replicas=2
# The escalation workspace log: every declaration, action and acknowledgement, in ONE order (one partition), applied
# by every node. Each record has a key of its own, so compaction keeps them all, for good.
topic uec.workspace 1 cleanup.policy=compact min.insync.replicas=2
# Each worker's partition checkpoints (hazard H19, issue 12): the latest per events partition, so compacted; a chunk is
# at most 512 KiB. Kafka:RequireTopics refuses to start without it (or with it not compacted) unless checkpoints are off.
topic uec.checkpoints 12 cleanup.policy=compact min.insync.replicas=2

"$bin/kafka-topics.sh" --bootstrap-server "$bootstrap" "${client[@]}" --describe \
  --topic 'uec\..*' | grep -v '^\s*Topic: .*Partition:' || true
echo "create-topics: done"
