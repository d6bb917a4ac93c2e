#!/usr/bin/env bash
# Starts, on this machine, the scale-out topology: PostgreSQL (Debian's package, its binaries run
# as the postgres user), S3Proxy (an S3-compatible server), N graph-staging nodes (the server jar,
# each with 1/N of the memory budget) and HAProxy (Debian's package) hashing graph ids over them.
#
#   deploy/start-local.sh <state-dir>        then   deploy/stop-local.sh <state-dir>
#
# Everything lives under <state-dir>: data, logs, pid files, the rendered haproxy.cfg and
# cluster.env (the addresses, for scripts and tests). Started again on the same directory, it
# keeps the data (a cluster restart). Environment (defaults in brackets):
#   NODES [3]  PROXY_PORT [8001]  NODE_BASE_PORT [8101]  PG_PORT [5433]  S3_PORT [9100]
#   STAGING_JAR [staging-http/target/staging-http.jar]  NODE_HEAP [512m]
#   TOTAL_MEMORY_BUDGET_MIB [half the machine's memory]   divided between the nodes
#   S3PROXY_CLASSPATH [resolved with Maven from the build]  STAGING_API_KEY [unset: auth off]
#   STAGING_GRAPH_LEASE_SECONDS [30]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
[ $# -eq 1 ] || { echo "usage: $0 <state-dir>" >&2; exit 1; }
mkdir -p "$1"
state="$(cd "$1" && pwd)"

NODES="${NODES:-3}"
PROXY_PORT="${PROXY_PORT:-8001}"
NODE_BASE_PORT="${NODE_BASE_PORT:-8101}"
PG_PORT="${PG_PORT:-5433}"
S3_PORT="${S3_PORT:-9100}"
STAGING_JAR="${STAGING_JAR:-$root/staging-http/target/staging-http.jar}"
NODE_HEAP="${NODE_HEAP:-512m}"
LEASE_SECONDS="${STAGING_GRAPH_LEASE_SECONDS:-30}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

[ -f "$STAGING_JAR" ] || { echo "No server jar at $STAGING_JAR: build it first (mvn -B -pl staging-http -am install -DskipTests)" >&2; exit 2; }
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL not found (apt-get install postgresql, or set PG_BIN)" >&2; exit 2; }
command -v haproxy >/dev/null || { echo "HAProxy not found (apt-get install haproxy)" >&2; exit 2; }

wait_for() { # url seconds
    for _ in $(seq 1 $(( $2 * 5 ))); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.2
    done
    echo "$1 did not answer within $2 s" >&2
    return 1
}

# --- PostgreSQL: the registry, tasks and graph leases, shared by every node ----------------------
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$state/postgres"
if [ "$(id -u)" = 0 ]; then
    chown postgres "$state/postgres"
    chmod o+x "$state" # the postgres user passes through (only); the secrets in it stay 600
fi
if [ ! -f "$state/postgres/PG_VERSION" ]; then
    [ -f "$state/registry-password" ] || head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$state/registry-password"
    chmod 600 "$state/registry-password"
    install -m 600 "$state/registry-password" "$state/postgres.pw"
    [ "$(id -u)" = 0 ] && chown postgres "$state/postgres.pw"
    as_pg "$PG_BIN/initdb" -D "$state/postgres" -U staging --auth=scram-sha-256 --pwfile="$state/postgres.pw" >"$state/initdb.log"
    rm -f "$state/postgres.pw"
fi
as_pg "$PG_BIN/pg_ctl" -D "$state/postgres" -l "$state/postgres/server.log" -w start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $state/postgres" >/dev/null
password="$(cat "$state/registry-password")"
PGPASSWORD="$password" "$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U staging -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'registry'" | grep -q 1 \
    || PGPASSWORD="$password" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U staging registry

# --- S3Proxy: the object store ------------------------------------------------------------------
if [ -z "${S3PROXY_CLASSPATH:-}" ]; then
    (cd "$root" && mvn -B -q -pl staging-s3 dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$state/s3proxy.classpath" >/dev/null)
    S3PROXY_CLASSPATH="$(cat "$state/s3proxy.classpath")"
fi
mkdir -p "$state/objects"
[ -f "$state/s3-secret" ] || { head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$state/s3-secret"; chmod 600 "$state/s3-secret"; }
s3_secret="$(cat "$state/s3-secret")"
cat > "$state/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=staging
s3proxy.credential=$s3_secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$state/objects
jclouds.identity=staging
jclouds.credential=$s3_secret
CONF
chmod 600 "$state/s3proxy.conf"
# The graph snapshots' bucket (S3Proxy's filesystem store: a bucket is a directory).
mkdir -p "$state/objects/graph-snapshots"
LOG_LEVEL=info nohup java -cp "$S3PROXY_CLASSPATH" org.gaul.s3proxy.Main --properties "$state/s3proxy.conf" \
    >"$state/s3proxy.log" 2>&1 &
echo $! > "$state/s3proxy.pid"
for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break
    sleep 0.2
done

# --- the nodes: a third (1/N) of the memory budget each -----------------------------------------
total_mib="${TOTAL_MEMORY_BUDGET_MIB:-$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))}"
node_mib=$(( total_mib / NODES ))
servers=""
for i in $(seq 1 "$NODES"); do
    port=$(( NODE_BASE_PORT + i - 1 ))
    dir="$state/node-$i"
    mkdir -p "$dir"
    (
        cd "$dir"
        export STAGING_NODE_ID="node-$i" STAGING_HTTP_HOST=127.0.0.1 STAGING_HTTP_PORT="$port"
        export DUCKDB_STAGING_DIR="$dir/duckdb-staging" LBUG_DATABASE_DIR="$dir/lbug-dbs"
        export STAGING_REGISTRY_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/registry"
        export STAGING_REGISTRY_USER=staging STAGING_REGISTRY_PASSWORD="$password"
        export AWS_ENDPOINT_URL="http://127.0.0.1:$S3_PORT" AWS_S3_ACCESS_KEY_ID=staging
        export AWS_S3_SECRET_ACCESS_KEY="$s3_secret" AWS_DEFAULT_REGION=us-east-1
        export STAGING_GRAPH_SNAPSHOT_URI="s3://graph-snapshots/cluster"
        export STAGING_MEMORY_BUDGET="${node_mib}MiB" STAGING_GRAPH_LEASE_SECONDS="$LEASE_SECONDS"
        # Each open graph reserves both engines' memory from the node's budget: a quarter each.
        export DUCKDB_MEMORY_LIMIT="${DUCKDB_MEMORY_LIMIT:-$(( node_mib / 4 ))MiB}"
        export LBUG_BUFFER_POOL_SIZE="${LBUG_BUFFER_POOL_SIZE:-$(( node_mib / 4 ))MiB}"
        export STAGING_TRUSTED_PROXIES=127.0.0.1 STAGING_PROXY_URL="http://127.0.0.1:$PROXY_PORT"
        export DUCKDB_MAX_THREADS="${DUCKDB_MAX_THREADS:-2}"
        exec nohup java "-Xmx$NODE_HEAP" -jar "$STAGING_JAR" >>"$state/node-$i.log" 2>&1
    ) &
    echo $! > "$state/node-$i.pid"
    servers+="    server node-$i 127.0.0.1:$port check"$'\n'
done
for i in $(seq 1 "$NODES"); do
    wait_for "http://127.0.0.1:$(( NODE_BASE_PORT + i - 1 ))/ready" 120
done

# --- HAProxy ------------------------------------------------------------------------------------
config="$(cat "$here/haproxy.cfg.template")"
config="${config//'${PROXY_BIND}'/127.0.0.1:$PROXY_PORT}"
config="${config//'${SERVERS}'/$servers}"
printf '%s\n' "$config" > "$state/haproxy.cfg"
haproxy -c -q -f "$state/haproxy.cfg" || { haproxy -c -f "$state/haproxy.cfg" >&2; exit 2; }
haproxy -D -f "$state/haproxy.cfg" -p "$state/haproxy.pid"
wait_for "http://127.0.0.1:$PROXY_PORT/ready" 30

cat > "$state/cluster.env" <<ENV
PROXY_URL=http://127.0.0.1:$PROXY_PORT
NODES=$NODES
NODE_BASE_PORT=$NODE_BASE_PORT
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
S3_ACCESS_KEY=staging
PG_PORT=$PG_PORT
ENV
echo "graph-staging cluster up: http://127.0.0.1:$PROXY_PORT ($NODES nodes, ${node_mib} MiB budget each; state in $state)"
