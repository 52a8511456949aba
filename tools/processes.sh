# Process handling shared by the scripts that start Sluice, a broker, PostgreSQL or Prometheus
# outside a JUnit run (bench/run, bench/ab, bench/live, bench/storage, .ci/readme-commands,
# .ci/check-observability): start in the background with a log, wait for an HTTP endpoint while
# watching the process, stop by PID (TERM, a bounded wait, then KILL; never by name), stop an
# embedded PostgreSQL a killed Sluice left behind, reach a running one (psql, its CPU ticks), and
# pick a free port. Source it; it defines functions only and sets no options.
#   source "$ROOT/tools/processes.sh"
# Every wait is bounded. Functions report on stderr and return non-zero; the caller decides to fail.

# proc_start LOG COMMAND...: runs COMMAND in the background, stdout and stderr to LOG, stdin closed;
# its pid in PROC_PID. proc_start_in DIR LOG COMMAND...: the same with DIR as working directory.
# The subshell execs COMMAND, so PROC_PID is the program's own pid, which proc_stop can stop.
proc_start() {
  proc_start_in "$PWD" "$@"
}
proc_start_in() {
  local dir=$1 log=$2; shift 2
  ( cd "$dir" && exec "$@" ) >"$log" 2>&1 </dev/null &
  PROC_PID=$!
}

# proc_alive PID: whether PID is running (an empty PID is not).
proc_alive() {
  [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null
}

# proc_stop PID [GRACE_SECONDS=20] [NAME]: TERM, wait up to GRACE for it to exit, then KILL; reaps
# it when it is a child of this shell. Only the PID given; nothing when it is empty or gone.
proc_stop() {
  local pid=${1:-} grace=${2:-20} name=${3:-} i
  proc_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    proc_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  [[ -n $name ]] && printf '%s (%s) did not stop in %ss: killing it\n' "$name" "$pid" "$grace" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  return 0
}

# proc_stop_all GRACE_SECONDS PID...: TERM to all at once, then each gets the same bounded wait
# and KILL: a Kafka-mode Sluice, its broker and its database stop side by side.
proc_stop_all() {
  local grace=$1 pid i; shift
  for pid in "$@"; do proc_alive "$pid" && kill -TERM "$pid" 2>/dev/null; done
  for pid in "$@"; do
    for ((i = 0; i < grace * 10; i++)); do proc_alive "$pid" || break; sleep 0.1; done
    proc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
  done
  return 0
}

# proc_postgres_psql DATA_DIR PSQL_ARGS...: psql as the superuser of the embedded PostgreSQL running
# under Sluice's DATA_DIR: its port from postmaster.pid, the password from <DATA_DIR>/postgres.password.
proc_postgres_psql() {
  local data=$1; shift
  PGPASSWORD=$(cat "$data/postgres.password") psql -X -q -h 127.0.0.1 -p "$(sed -n 4p "$data/postgres/postmaster.pid")" \
    -U postgres -d postgres "$@"
}

# proc_postgres_ticks DATA_DIR: the clock ticks of CPU the embedded PostgreSQL under DATA_DIR used so far:
# the postmaster, the children it reaped and its live children; 0 when none runs. A difference over a
# window divided by that window's events is its CPU per event.
proc_postgres_ticks() {
  local pidfile pm
  pidfile=$(find "$1" -maxdepth 3 -name postmaster.pid -print -quit 2>/dev/null || true)
  [[ -n $pidfile ]] || { echo 0; return; }
  pm=$(head -1 "$pidfile")
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat" 2>/dev/null
    for c in $(ps -o pid= --ppid "$pm"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null; done; } | awk '{s += $1} END {print s + 0}'
}

# proc_stop_postgres DATA_DIR [GRACE_SECONDS=30]: Sluice stops its embedded PostgreSQL on a clean
# shutdown; after a SIGKILL the postmaster under DATA_DIR runs on. Stops it by the pid in its
# postmaster.pid (SIGINT: PostgreSQL's fast shutdown), then KILL after GRACE.
proc_stop_postgres() {
  local data=$1 grace=${2:-30} file pid i
  # find fails on a directory already gone, and under set -e (bench/run's EXIT trap) that ended the caller
  file=$(find "$data" -maxdepth 3 -name postmaster.pid -print -quit 2>/dev/null || true)
  [[ -n $file && -f $file ]] || return 0
  pid=$(head -n 1 "$file" 2>/dev/null)
  [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid" || return 0
  kill -INT "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do proc_alive "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

# proc_wait_http URL SECONDS [PID] [LOG]: polls URL (any 2xx) every 0.25 s for up to SECONDS. Gives
# up early when PID exited, printing the last lines of LOG; returns 1 when it did not answer.
proc_wait_http() {
  local url=$1 seconds=$2 pid=${3:-} log=${4:-} i
  for ((i = 0; i < seconds * 4; i++)); do
    command curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    if [[ -n $pid ]] && ! proc_alive "$pid"; then
      [[ -n $log && -f $log ]] && tail -n 40 "$log" >&2
      printf 'process %s exited before %s answered\n' "$pid" "$url" >&2
      return 1
    fi
    sleep 0.25
  done
  [[ -n $log && -f $log ]] && tail -n 40 "$log" >&2
  printf '%s did not answer within %ss\n' "$url" "$seconds" >&2
  return 1
}

# proc_port_in_use PORT: whether something listens on 127.0.0.1:PORT.
proc_port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# proc_free_port: sets FREE_PORT to a port nothing listens on now and not handed out before by this
# shell (PROC_USED_PORTS); returns 1 after 200 tries.
PROC_USED_PORTS=${PROC_USED_PORTS:-" "}
proc_free_port() {
  local port _
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    [[ $PROC_USED_PORTS == *" $port "* ]] && continue
    proc_port_in_use "$port" && continue
    PROC_USED_PORTS+="$port "
    FREE_PORT=$port
    return 0
  done
  printf 'no free TCP port found\n' >&2
  return 1
}
