# Sourced by .ci/run: starts a throw-away PostgreSQL server (a temporary data folder, a free port, its socket in that
# folder, no Docker) and exports ENGINE_TEST_POSTGRES for the store contract tests; stopped and removed on exit, even
# after a failure. Needs the PostgreSQL binaries initdb, pg_ctl and postgres (PATH, or /usr/lib/postgresql/*/bin).

postgres_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return
  fi
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
  return 1
}

# PostgreSQL refuses to run as root: as root (a CI container), the server runs as the user 'postgres' (or 'nobody').
postgres_as() {
  if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  local user=postgres
  id "$user" >/dev/null 2>&1 || user=nobody
  runuser -u "$user" -- "$@"
}

postgres_stop() {
  if [ -n "${ENGINE_PG_DATA:-}" ] && [ -d "$ENGINE_PG_DATA" ]; then
    postgres_as "$ENGINE_PG_BIN/pg_ctl" -D "$ENGINE_PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$ENGINE_PG_DATA"
  fi
}

postgres_start() {
  ENGINE_PG_BIN=$(postgres_bin) || { echo "PostgreSQL binaries (initdb, pg_ctl) not found: the store contract tests need them"; return 1; }
  ENGINE_PG_DATA=$(mktemp -d /tmp/engine-pg.XXXXXX)
  trap postgres_stop EXIT
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then chown postgres "$ENGINE_PG_DATA"; else chown nobody "$ENGINE_PG_DATA"; fi
  fi
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  postgres_as "$ENGINE_PG_BIN/initdb" -D "$ENGINE_PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale >"$ENGINE_PG_DATA.initdb.log" 2>&1 \
    || { cat "$ENGINE_PG_DATA.initdb.log"; rm -f "$ENGINE_PG_DATA.initdb.log"; return 1; }
  rm -f "$ENGINE_PG_DATA.initdb.log"
  # Only the socket in the data folder (no TCP): nothing else on the machine can reach it. fsync off: a test server.
  postgres_as "$ENGINE_PG_BIN/pg_ctl" -D "$ENGINE_PG_DATA" -l "$ENGINE_PG_DATA/server.log" -w -t 60 \
    -o "-p $port -k $ENGINE_PG_DATA -c listen_addresses='' -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$ENGINE_PG_DATA/server.log"; return 1; }
  export ENGINE_TEST_POSTGRES="Host=$ENGINE_PG_DATA;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  echo "PostgreSQL $("$ENGINE_PG_BIN/postgres" --version | awk '{print $3}') for the store contract tests on port $port ($ENGINE_PG_DATA)"
}
