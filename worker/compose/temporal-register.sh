#!/bin/sh
# One-shot (temporalio/admin-tools), after the server is up: the namespace and the custom search attributes the sync
# engine sets on every workflow and schedule (workflows/ids.ts). Idempotent: existing ones are left alone.
set -eu
: "${TEMPORAL_ADDRESS:?}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_RETENTION:-720h}"

until temporal operator cluster health | grep -q SERVING; do echo "waiting for temporal at $TEMPORAL_ADDRESS"; sleep 2; done

if ! temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
fi
# A new namespace takes a moment to reach every frontend's cache.
until temporal operator search-attribute list --namespace "$NAMESPACE" >/dev/null 2>&1; do sleep 1; done

for name in AuditOrgId AuditProjectId AuditProvider; do
  if temporal operator search-attribute list --namespace "$NAMESPACE" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type Keyword
  fi
done
echo "namespace $NAMESPACE and search attributes ready"
