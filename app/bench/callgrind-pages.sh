#!/usr/bin/env bash
# Instructions the server executes per page request, counted by callgrind: the same
# for the same binary and requests whatever else the machine is doing, unlike CPU time.
#
#   app/bench/callgrind-pages.sh target/release/kontor [N] [name:path:anon|signed ...]
#
# Seeds the demo data on SQLite in a temporary folder, starts the server under
# `valgrind --tool=callgrind` with instrumentation off, signs Egon in, warms every page
# with 20 requests, then counts N requests (default 300) per page and prints the
# instructions per request. Kernel time is not counted (thread switches, the network).
set -euo pipefail
bin=$(realpath "$1"); n=${2:-300}; shift $(( $# >= 2 ? 2 : 1 ))
pages=("$@")
[ ${#pages[@]} -gt 0 ] || pages=(unknown:/no/such/page:anon catalog:/catalog:anon catalog-signed-in:/catalog:signed orders:/orders:signed)
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d); trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000)); base=http://127.0.0.1:$port; password=callgrind-demo-password
export DATABASE_URL="sqlite://$work/kontor.db?mode=rwc" LEPTOS_SITE_ADDR=127.0.0.1:$port \
  LEPTOS_SITE_ROOT=$work/site KONTOR_MAIL_DIR=$work/mail KONTOR_FILES_URL=$work/files \
  KONTOR_SECRET_KEY=callgrind-secret-key-0123456789abcdef KONTOR_LOG=warn \
  KONTOR_DEMO_PASSWORD=$password KONTOR_DEMO_HISTORY_MONTHS=0
wait_up() { for _ in $(seq 1 1200); do curl -sf "$base/healthz" >/dev/null && return; sleep 0.5; done; echo "the server did not start" >&2; exit 1; }
# Seed once without valgrind (fast), then restart under it.
KONTOR_DEMO=1 "$bin" >"$work/seed.log" 2>&1 & server=$!; wait_up; kill $server; wait $server || true
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/cg.out" "$bin" >"$work/server.log" 2>&1 &
server=$!; wait_up
curl -sf -c "$work/jar" -H "Origin: $base" -H "Accept: application/json" --data-urlencode email=egon@mueller.example \
  --data-urlencode password=$password --data-urlencode next= "$base/api/sign_in" | grep -q SignedIn
fetch() { # path who count: prints the status codes seen
  local cookies=(); [ "$2" = signed ] && cookies=(-b "$work/jar")
  for _ in $(seq 1 "$3"); do curl -s -o /dev/null -w '%{http_code}\n' "${cookies[@]}" -H 'accept-language: en' "$base$1"; done | sort | uniq -c | xargs
}
for page in "${pages[@]}"; do IFS=: read -r _ path who <<<"$page"; fetch "$path" "$who" 20 >/dev/null; done
for page in "${pages[@]}"; do
  IFS=: read -r name path who <<<"$page"
  callgrind_control -z $server >/dev/null 2>&1; callgrind_control -i on $server >/dev/null 2>&1
  codes=$(fetch "$path" "$who" "$n")
  callgrind_control -i off $server >/dev/null 2>&1; callgrind_control -d "$name" $server >/dev/null 2>&1
  dump=$(grep -l "^desc: Trigger: dump $name\$" "$work"/cg.out.* | tail -1)
  total=$(grep -m1 '^totals:' "$dump" | awk '{print $2}')
  printf '%-20s %-16s %12d instructions per request   (statuses: %s)\n' "$name" "$path" $((total / n)) "$codes"
done
