#!/usr/bin/env bash
# shop against Hugo (and Zola, where installed) on the same generated shops: build time,
# peak memory and a check that both did the same work. Writes the table into
# docs/benchmarks.md. The work is in compare.py; `benches/compare.sh --help` for options.
set -euo pipefail
command -v python3 >/dev/null || { echo "compare: python3 is not on PATH: sudo apt-get install -y python3" >&2; exit 1; }
exec python3 "$(dirname "$0")/compare.py" "$@"
