#!/usr/bin/env bash
# Start the task worker in the background and the web server in the foreground;
# stopping the server (Ctrl+C) stops the worker too.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${CRMPLUS_HOST:-127.0.0.1}
PORT=${CRMPLUS_PORT:-8000}

$PY manage.py worker --no-reload --worker-id "web-$(hostname)-$$" --verbosity 0 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  CRM Plus is running:  http://$HOST:$PORT/
  Health:               http://$HOST:$PORT/health/
  API docs:             http://$HOST:$PORT/api/v1/docs
  Demo logins are printed above (password: see README). Stop with Ctrl+C.

MSG
$PY manage.py runserver "$HOST:$PORT" --noreload --insecure
