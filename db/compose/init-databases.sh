#!/bin/sh
# Runs once, when the Postgres data volume is first initialised (docker-entrypoint-initdb.d).
# One server, separate roles: `audit` owns the app database; `temporal` may create its own two databases
# (temporal, temporal_visibility), which the temporal-schema job then creates and migrates with temporal-sql-tool.
set -eu
: "${AUDIT_DB_PASSWORD:?AUDIT_DB_PASSWORD is required}"
: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD is required}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v audit_password="$AUDIT_DB_PASSWORD" -v temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
create role audit login password :'audit_password';
create database audit owner audit;
create role temporal login createdb password :'temporal_password';
SQL
