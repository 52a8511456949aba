-- wrk script for bench/run: POSTs the file named by $BENCH_BODY as JSON and prints one
-- machine-readable line at the end (requests/s, latency percentiles in microseconds, errors),
-- which bench/run parses. The body is read once; wrk sends it unchanged on every request, so the
-- load generator spends no CPU building requests.
local file = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
  io.write(string.format(
      "BENCH requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      summary.errors.status, errors - summary.errors.status))
end
