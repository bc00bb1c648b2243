#!/usr/bin/env bash
# Issue 13's table, in one run on this machine: one Streamlit process vs 2 replicas behind HAProxy,
# 50 sessions clicking every 0.5-1.0 s and 200 every 3-8 s, a replica killed during a 50-session run,
# and the browser's click -> highlight against the re-colouring floor. ~12 minutes; run it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
py=.venv/bin/python
run() { echo; echo "### $*"; "$py" benchmarks/ws_sessions.py "$@"; }
run --sessions 50 --seconds 60
run --sessions 50 --seconds 60 --replicas 2
run --sessions 200 --seconds 60 --pause 3 8 --ramp 20
run --sessions 200 --seconds 60 --pause 3 8 --ramp 20 --replicas 2
# Saturation: every session clicks as soon as its last click is answered.
run --sessions 50 --seconds 30 --pause 0 0.05
run --sessions 50 --seconds 30 --pause 0 0.05 --replicas 2
run --sessions 50 --seconds 60 --replicas 2 --kill-after 20
echo; echo "### click_latency"; "$py" benchmarks/click_latency.py --clicks 12
