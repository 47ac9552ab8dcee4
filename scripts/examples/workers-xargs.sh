#!/usr/bin/env bash
# Runs `shanshui worker` processes on several machines over ssh, PER_HOST on each, until the
# queue of distributed scans is empty (README, "Distributed scans"). Queue the scan first:
#   shanshui scan 2025H2 2026H1 --distributed --db "$SHANSHUI_DB"
# Each machine needs the shanshui binary and its libraries, and must reach the database and
# the imagery (epochs registered by URL, or the same paths on every machine).
#
# Usage: SHANSHUI_DB=postgresql://shanshui:PASSWORD@db.internal:5432/shanshui \
#          scripts/examples/workers-xargs.sh HOST [HOST...]
# Environment: SCAN (only this scan's jobs; default any), PER_HOST (1) worker processes per
#   machine, THREADS (default: the machine's cores / PER_HOST) threads per worker, LEASE (60)
#   seconds, EVIDENCE (a folder every machine shares, e.g. an NFS mount, for the case chips;
#   default: DATABASE-evidence in the remote login folder), SHANSHUI_BIN (shanshui, on the
#   remote PATH).
# The database URL travels on ssh's standard input, never on a command line (ps would show it).
# Exit status: 0 when every worker ended cleanly, else non-zero (xargs: 123); each line of output
# is prefixed with the machine and the worker's number.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,17p' "$0" >&2; exit 2; }
: "${SHANSHUI_DB:?set SHANSHUI_DB to the PostGIS workspace, postgresql://user[:password]@host:port/db}"
per_host="${PER_HOST:-1}"

remote="${SHANSHUI_BIN:-shanshui} worker --quiet --lease ${LEASE:-60}"
[ -n "${SCAN:-}" ] && remote+=" --scan $SCAN"
[ -n "${THREADS:-}" ] && remote+=" --threads $THREADS"
[ -n "${EVIDENCE:-}" ] && remote+=" --evidence $EVIDENCE"
[ -z "${THREADS:-}" ] && [ "$per_host" -gt 1 ] && remote+=" --threads \$(( \$(nproc) / $per_host > 0 ? \$(nproc) / $per_host : 1 ))"

# one_worker HOST N: one worker on HOST, its stderr and stdout prefixed with HOST/N.
one_worker() {
  set -o pipefail
  printf '%s\n' "$SHANSHUI_DB" |
    ssh -o BatchMode=yes "$1" "read -r SHANSHUI_DB && export SHANSHUI_DB && exec $remote" 2>&1 |
    sed -u "s|^|$1/$2: |"
}
export -f one_worker
export SHANSHUI_DB remote

for host in "$@"; do
  for n in $(seq 1 "$per_host"); do echo "$host $n"; done
done | xargs -P "$(( $# * per_host ))" -n 2 bash -c 'one_worker "$1" "$2"' _
