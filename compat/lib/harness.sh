# harness.sh: what every aws CLI compat script shares; source it after `set -euo pipefail`.
# Needs SYNAPS_ENDPOINT, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; AWS_CLI and PYTHON_FOR_CHECKS
# choose the aws binary (default Debian's /usr/bin/aws) and the Python that evaluates conditions.
: "${SYNAPS_ENDPOINT:?set SYNAPS_ENDPOINT, e.g. http://127.0.0.1:8780}"
: "${AWS_ACCESS_KEY_ID:?}" "${AWS_SECRET_ACCESS_KEY:?}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER="" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
AWS="${AWS_CLI:-/usr/bin/aws}"
PY="${PYTHON_FOR_CHECKS:-/usr/bin/python3}"

passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; printf '%s\n' "$2" | sed 's/^/    /'; }

# check_output CONDITION OUTPUT: prints why and fails when the condition does not hold for d = json(OUTPUT)
check_output() {
  printf '%s' "$2" | "$PY" -c "
import json, re, sys
raw = sys.stdin.read()
d = json.loads(raw) if raw.strip() else {}
ok = ($1)
if not ok:
    print('condition not met: ' + sys.argv[1] + '\noutput: ' + raw)
    sys.exit(1)
" "$1" 2>&1
}

# expect NAME PYTHON-CONDITION -- COMMAND...: the command succeeds and the condition holds for d = its JSON output
expect() {
  local name=$1 condition=$2
  shift 3
  local out why
  if ! out=$("$@" 2>&1); then
    fail "$name" "command failed: $out"
  elif why=$(check_output "$condition" "$out"); then
    pass "$name"
  else
    fail "$name" "$why"
  fi
}

# expect_eventually NAME PYTHON-CONDITION -- COMMAND...: as expect, retried for up to 20 s (alarm evaluation is asynchronous)
expect_eventually() {
  local name=$1 condition=$2
  shift 3
  local out why="" deadline=$((SECONDS + 20))
  while :; do
    if out=$("$@" 2>&1) && why=$(check_output "$condition" "$out"); then
      pass "$name"
      return
    fi
    [ -n "$why" ] || why="command failed: $out"
    if [ "$SECONDS" -ge "$deadline" ]; then
      fail "$name" "$why"
      return
    fi
    sleep 1
  done
}

# expect_error NAME CODE MESSAGE -- COMMAND...: the command fails with that error code (and message, when not empty)
expect_error() {
  local name=$1 code=$2 message=$3
  shift 4
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then
    fail "$name" "expected error $code but the command succeeded: $out"
  elif [[ "$out" != *"($code)"* ]]; then
    fail "$name" "expected error code ($code), exit $rc: $out"
  elif [ -n "$message" ] && [[ "$out" != *"$message"* ]]; then
    fail "$name" "expected message '$message': $out"
  else
    pass "$name"
  fi
}

# expect_refused NAME TEXT -- COMMAND...: the command fails with an AWS error whose output mentions TEXT
expect_refused() {
  local name=$1 text=$2
  shift 3
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" -eq 0 ]; then
    fail "$name" "expected an error but the command succeeded: $out"
  elif [[ "$out" != *"An error occurred ("* || "$out" != *"$text"* ]]; then
    fail "$name" "expected an AWS error mentioning '$text', exit $rc: $out"
  else
    pass "$name"
  fi
}

# finish NAME: prints the summary line ClientCompatIT reads and fails when any check failed
finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
