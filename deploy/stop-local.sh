#!/usr/bin/env bash
# Stops what start-local.sh started in <state-dir>: HAProxy, the nodes (SIGTERM: a graceful
# stop), S3Proxy, then PostgreSQL. Only the processes recorded in its pid files; data stays.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 <state-dir>" >&2; exit 1; }
state="$(cd "$1" && pwd)"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

stop_pid() { # pid-file
    [ -f "$1" ] || return 0
    pid="$(cat "$1")"
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid"
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    fi
    rm -f "$1"
}

stop_pid "$state/haproxy.pid"
for f in "$state"/node-*.pid; do stop_pid "$f"; done
stop_pid "$state/s3proxy.pid"
if [ -f "$state/postgres/postmaster.pid" ]; then
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null
    else
        "$PG_BIN/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null
    fi
fi
echo "stopped (data kept in $state)"
