#!/usr/bin/env bash
# The foundation's figures, each measured here and now:
#   binary size, start-up time to a 200 from /api/health, idle RSS, and
#   GET /api/collections/products/records?perPage=50 requests/s at 50
#   concurrent connections for hostbase and for bare PocketBase serving a
#   copy of the same database (bench/barepb), alternated to share the
#   machine's drift. COLD=1 also times a cold `make build` (minutes).
#
# Usage: bench/foundation.sh            (after `make build tools`)
#        DURATION=10s ROUNDS=3 COLD=1 bench/foundation.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONC=${CONC:-50}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export GOTOOLCHAIN=local CGO_ENABLED=0
if [ "${COLD:-0}" = 1 ]; then
	start=$(date +%s.%N)
	GOCACHE="$work/gocache" GOFLAGS=-buildvcs=false make -s build BIN="$work/coldbin" >/dev/null
	echo "cold make build: $(echo "$(date +%s.%N) - $start" | bc) s (empty GOCACHE, modules already downloaded)"
fi

[ -x bin/hostbase ] || make -s build
go build -trimpath -ldflags '-s -w' -o "$work/barepb" ./bench/barepb
go build -o "$work/loadtool" ./bench/loadtool
echo "binary size: $(stat -c %s bin/hostbase) bytes ($(( $(stat -c %s bin/hostbase) / 1048576 )) MiB, stripped, trimpath)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

bin/hostbase demo --dir "$work/hb" >/dev/null
cp -a "$work/hb" "$work/bare"

# start BIN DIR PORT: starts a server, waits for health, echoes "pid ms".
start_server() {
	local bin=$1 dir=$2 port=$3
	local t0 t1
	t0=$(date +%s%N)
	"$bin" serve --dir "$dir" --http "127.0.0.1:$port" >"$work/$(basename "$dir").log" 2>&1 &
	local pid=$!
	until curl -fs "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; do
		kill -0 "$pid" 2>/dev/null || { echo "server died: $(cat "$work/$(basename "$dir").log")" >&2; exit 1; }
		sleep 0.005
	done
	t1=$(date +%s%N)
	echo "$pid $(( (t1 - t0) / 1000000 ))"
}

# Start-up: five cold starts of hostbase on the seeded dir, median.
starts=()
for i in 1 2 3 4 5; do
	port=$(free_port)
	read -r pid ms < <(start_server bin/hostbase "$work/hb" "$port")
	starts+=("$ms")
	kill "$pid"; wait "$pid" 2>/dev/null || true
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "start-up to 200 /api/health: median $(median "${starts[@]}") ms (runs: ${starts[*]})"

hb_port=$(free_port); read -r hb_pid _ < <(start_server bin/hostbase "$work/hb" "$hb_port"); pids+=("$hb_pid")
bare_port=$(free_port); read -r bare_pid _ < <(start_server "$work/barepb" "$work/bare" "$bare_port"); pids+=("$bare_pid")
sleep 2
echo "idle RSS: hostbase $(awk '/VmRSS/ {print $2, $3}' /proc/$hb_pid/status), bare PocketBase $(awk '/VmRSS/ {print $2, $3}' /proc/$bare_pid/status)"

path="/api/collections/products/records?perPage=50"
items=$(curl -fs "http://127.0.0.1:$hb_port$path" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
bare_items=$(curl -fs "http://127.0.0.1:$bare_port$path" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
[ "$items" = "$bare_items" ] || { echo "the two servers answer differently ($items vs $bare_items items)" >&2; exit 1; }
echo "load: GET $path ($items records), $CONC connections, $DURATION per run, $ROUNDS rounds alternating"

rps() { "$work/loadtool" -url "$1" -c "$CONC" -d "$DURATION" -warmup 2s -json | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r["success_rps"], r["errors"], r["latency_ms"]["p99"])'; }
hb_all=(); bare_all=()
for r in $(seq "$ROUNDS"); do
	read -r h herr hp99 < <(rps "http://127.0.0.1:$hb_port$path")
	read -r b berr bp99 < <(rps "http://127.0.0.1:$bare_port$path")
	printf '  round %d: hostbase %.0f req/s (errors %s, p99 %s ms)   bare PocketBase %.0f req/s (errors %s, p99 %s ms)\n' "$r" "$h" "$herr" "$hp99" "$b" "$berr" "$bp99"
	hb_all+=("$h"); bare_all+=("$b")
done
python3 - "${hb_all[*]}" "${bare_all[*]}" <<'PY'
import sys, statistics
h = [float(x) for x in sys.argv[1].split()]
b = [float(x) for x in sys.argv[2].split()]
mh, mb = statistics.median(h), statistics.median(b)
print(f"median: hostbase {mh:.0f} req/s, bare PocketBase {mb:.0f} req/s, ratio {mh/mb:.2f}x (target >= 0.90x)")
PY
