#!/usr/bin/env bash
# Try the one-server deployment of docs/operations.md on loopback, then tear it down:
# a fresh PostgreSQL database on the shared server, `flask db upgrade` + `flask demo`,
# gunicorn (2 workers) on 127.0.0.1, nginx as TLS reverse proxy with a self-signed
# certificate on a free port, Redis DB 13 for the rate limits, JSON logs. Checks
# https://127.0.0.1:<port>/healthz, a login through the proxy (Secure cookie, ProxyFix
# with WELTOFFEN_PROXY_COUNT=1), the request id from nginx in the app's log, and
# `flask backup`. Needs root (nginx; installed with apt-get when missing), the shared
# PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379. Not part of `make test`.
#
#   sudo scripts/deploy_loopback.sh            # KEEP=1 leaves the folder for a look
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/.venv/bin
PG_ADMIN=${PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
REDIS_DB=${REDIS_DB:-13}

[ "$(id -u)" = 0 ] || { echo "deploy_loopback: run as root (nginx)" >&2; exit 1; }
if ! command -v nginx >/dev/null; then
  echo "== installing nginx"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx-light >/dev/null; }
fi
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL on 127.0.0.1:5432 is not reachable" >&2; exit 1; }
redis-cli -n "$REDIS_DB" ping >/dev/null || { echo "Redis on 127.0.0.1:6379 is not reachable" >&2; exit 1; }

WORK=$(mktemp -d /tmp/weltoffen-deploy.XXXXXX)
DB=weltoffen_deploy_$$_$RANDOM
LIMIT_PREFIX=$DB  # rate-limit keys in Redis: only ours are deleted afterwards
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
APP_PORT=$(free_port)
TLS_PORT=$(free_port)
GUNICORN_PID=""
NGINX_STARTED=""

teardown() {
  set +e
  echo "== teardown"
  [ -n "$NGINX_STARTED" ] && nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -s quit
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"
    for _ in $(seq 1 50); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  psql "$PG_ADMIN" -q -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB'" >/dev/null
  psql "$PG_ADMIN" -q -c "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null
  redis-cli -n "$REDIS_DB" --scan --pattern "*$LIMIT_PREFIX*" | xargs -r redis-cli -n "$REDIS_DB" del >/dev/null
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap teardown EXIT

echo "== database $DB, app on 127.0.0.1:$APP_PORT, nginx TLS on 127.0.0.1:$TLS_PORT, folder $WORK"
psql "$PG_ADMIN" -q -c "CREATE DATABASE \"$DB\""
mkdir -p "$WORK/instance" "$WORK/uploads" "$WORK/backups" "$WORK/nginx/logs" "$WORK/nginx/tmp" "$WORK/secrets"
chmod 700 "$WORK/secrets"

# Secrets live in their own file (a systemd EnvironmentFile), never in the database or backups.
cat > "$WORK/secrets/weltoffen.env" <<EOF
WELTOFFEN_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
WELTOFFEN_INCIDENT_KEY=$(python3 -c 'import os, base64; print(base64.b64encode(os.urandom(32)).decode())')
EOF
chmod 600 "$WORK/secrets/weltoffen.env"
cat > "$WORK/weltoffen.env" <<EOF
WELTOFFEN_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB
WELTOFFEN_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/$REDIS_DB
WELTOFFEN_RATELIMIT_KEY_PREFIX=$LIMIT_PREFIX
WELTOFFEN_PROXY_COUNT=1
WELTOFFEN_LOG_FORMAT=json
WELTOFFEN_UPLOAD_FOLDER=$WORK/uploads
WELTOFFEN_BACKUP_FOLDER=$WORK/backups
WELTOFFEN_BASE_URL=https://127.0.0.1:$TLS_PORT
EOF
set -a; . "$WORK/secrets/weltoffen.env"; . "$WORK/weltoffen.env"; set +a
export FLASK_APP=wsgi:app

echo "== flask db upgrade && flask demo"
(cd "$ROOT" && "$BIN/flask" db upgrade 2>&1 | tail -1)
(cd "$ROOT" && "$BIN/flask" demo > "$WORK/demo.txt")
MEMBER=$(grep -oE '[a-z0-9.-]+@[a-z0-9.-]+' "$WORK/demo.txt" | grep -m1 -E 'team|mitglied|member' || true)
[ -n "$MEMBER" ] || MEMBER=$(grep -v TOTP "$WORK/demo.txt" | grep -oE '[a-z0-9.-]+@[a-z0-9.-]+' | head -1)
echo "   demo login without second factor: $MEMBER"

echo "== gunicorn"
(cd "$ROOT" && exec "$BIN/gunicorn" -w 2 -b "127.0.0.1:$APP_PORT" --timeout 60 --graceful-timeout 30 \
  --error-logfile "$WORK/gunicorn.log" wsgi:app 2> "$WORK/app.log") &
GUNICORN_PID=$!
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$APP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

echo "== nginx with a self-signed certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
sed -e "s#@WORK@#$WORK#g" -e "s#@TLS_PORT@#$TLS_PORT#g" -e "s#@APP_PORT@#$APP_PORT#g" \
  > "$WORK/nginx/nginx.conf" <<'EOF'
worker_processes 1;
pid @WORK@/nginx/nginx.pid;
error_log @WORK@/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  access_log @WORK@/nginx/logs/access.log;
  client_body_temp_path @WORK@/nginx/tmp/body;
  proxy_temp_path @WORK@/nginx/tmp/proxy;
  fastcgi_temp_path @WORK@/nginx/tmp/fastcgi;
  uwsgi_temp_path @WORK@/nginx/tmp/uwsgi;
  scgi_temp_path @WORK@/nginx/tmp/scgi;
  upstream weltoffen { server 127.0.0.1:@APP_PORT@; }
  server {
    listen 127.0.0.1:@TLS_PORT@ ssl;
    server_name 127.0.0.1;
    ssl_certificate @WORK@/nginx/cert.pem;
    ssl_certificate_key @WORK@/nginx/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=31536000" always;
    client_max_body_size 16m;          # MAX_CONTENT_LENGTH
    location / {
      proxy_pass http://weltoffen;
      proxy_set_header Host $host:$server_port;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host:$server_port;
      proxy_set_header X-Request-ID $request_id;
      proxy_read_timeout 60s;
    }
  }
}
EOF
nginx -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
NGINX_STARTED=1
sleep 0.5

URL="https://127.0.0.1:$TLS_PORT"
CURL=(curl -sS --cacert "$WORK/nginx/cert.pem" -b "$WORK/cookies" -c "$WORK/cookies")
fail() { echo "FAILED: $*" >&2; exit 1; }

echo "== checks through the proxy"
health=$("${CURL[@]}" -D "$WORK/h.txt" "$URL/healthz")
echo "   GET /healthz -> $(head -1 "$WORK/h.txt" | tr -d '\r') $health"
grep -q '"status":"ok"' <<< "$health" || fail "healthz"
rid=$(grep -i '^x-request-id:' "$WORK/h.txt" | awk '{print $2}' | tr -d '\r')
grep -q "\"request_id\": \"$rid\"" "$WORK/app.log" || fail "request id $rid not in the app's JSON log"
echo "   X-Request-ID $rid (from nginx's \$request_id) is in the app's JSON log"

page=$("${CURL[@]}" "$URL/auth/login")
token=$(grep -oE 'name="csrf_token"[^>]*value="[^"]+"' <<< "$page" | head -1 | sed -E 's/.*value="([^"]+)"/\1/')
[ -n "$token" ] || fail "no CSRF token on the login page"
"${CURL[@]}" -o /dev/null -D "$WORK/login.txt" -H "Referer: $URL/auth/login" \
  --data-urlencode "csrf_token=$token" --data-urlencode "email=$MEMBER" \
  --data-urlencode "password=${WELTOFFEN_DEMO_PASSWORD:-demo-weltoffen}" "$URL/auth/login"
status=$(head -1 "$WORK/login.txt" | awk '{print $2}')
cookie=$(grep -i '^set-cookie: session=' "$WORK/login.txt" | tail -1 | tr -d '\r')
echo "   POST /auth/login -> $status; $(sed -E 's/session=[^;]+/session=…/' <<< "$cookie")"
[ "$status" = 302 ] || fail "login answered $status"
grep -qi '; Secure' <<< "$cookie" || fail "session cookie without Secure"
account=$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$URL/auth/account")
echo "   GET /auth/account with the session -> $account"
[ "$account" = 200 ] || fail "not logged in after the login"
direct=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$APP_PORT/healthz")
echo "   gunicorn itself listens on 127.0.0.1:$APP_PORT only (healthz there: $direct)"
grep -q '"path": "/auth/login", "status": 302' "$WORK/app.log" || grep -q '"status": 302' "$WORK/app.log" \
  || fail "no JSON request line for the login"
echo "   app log: $(grep -c '"logger": "weltoffen.request"' "$WORK/app.log") JSON request lines, e.g."
grep '"path": "/auth/login"' "$WORK/app.log" | tail -1 | sed 's/^/     /'

echo "== flask backup (key kept apart)"
(cd "$ROOT" && "$BIN/flask" backup | sed 's/^/   /')
archive=$(ls "$WORK"/backups/*.tar.gz)
key=$WELTOFFEN_INCIDENT_KEY
if tar -xOzf "$archive" | grep -qaF "$key"; then fail "the master key is in the backup"; fi
echo "   $(tar -tzf "$archive" | wc -l) members, master key not in the archive"
echo "== all checks passed"
