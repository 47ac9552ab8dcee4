# Sourced by scripts/test and scripts/bench-workers: a throwaway PostgreSQL 15 cluster with
# PostGIS, on a free loopback port, removed again when the calling script exits.
#
#   start_postgres LABEL   starts it, sets postgres_port and postgres_url
#                          (postgresql://postgres@127.0.0.1:PORT/postgres), installs an EXIT trap
#                          that stops it and deletes its folder, and says on stderr where it runs.
#
# PostGIS is created in template1, so every database made with CREATE DATABASE has it already.
# Durability is off (fsync, synchronous_commit, full_page_writes): the data is thrown away anyway.

pg_bin=/usr/lib/postgresql/15/bin
pg_dir=""
as_pg=()

stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
  pg_dir=""
}

start_postgres() {
  local label="$1"
  pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/shanshui-pg.XXXXXX")"
  as_pg=()
  if [ "$(id -u)" -eq 0 ]; then  # the server refuses to run as root
    chown postgres: "$pg_dir"
    as_pg=(runuser -u postgres --)
  fi
  trap stop_postgres EXIT
  postgres_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$pg_dir/initdb.log"
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start \
    -o "-p $postgres_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$pg_dir/server.log" >&2; exit 1; }
  psql -X -q -h 127.0.0.1 -p "$postgres_port" -U postgres -d template1 -c "CREATE EXTENSION postgis" >/dev/null
  postgres_url="postgresql://postgres@127.0.0.1:$postgres_port/postgres"
  echo "$label: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') with PostGIS on 127.0.0.1:$postgres_port" >&2
}
