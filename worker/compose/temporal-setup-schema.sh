#!/bin/sh
# One-shot (temporalio/admin-tools): creates Temporal's two databases and brings their schemas to the version this
# admin-tools release ships. Safe to run on every `docker compose up`: `create` fails harmlessly when the database
# exists, setup-schema skips a database already past 0.0, update-schema applies only newer versions.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
PORT="${DB_PORT:-5432}"
SCHEMA=/etc/temporal/schema/postgresql/v12

until nc -z "$POSTGRES_SEEDS" "$PORT"; do echo "waiting for postgres at $POSTGRES_SEEDS:$PORT"; sleep 1; done

tool() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$PORT" -u "$POSTGRES_USER" --db "$1" "$2" "$3" "$4"; }
for db in temporal temporal_visibility; do
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$PORT" -u "$POSTGRES_USER" --db "$db" create || echo "database $db exists"
done
tool temporal setup-schema -v 0.0
tool temporal update-schema -d "$SCHEMA/temporal/versioned"
tool temporal_visibility setup-schema -v 0.0
tool temporal_visibility update-schema -d "$SCHEMA/visibility/versioned"
echo "temporal schema ready"
