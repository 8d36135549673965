-- Reporting part shared by every wrk run of bench/run.py.
--
-- Defines only done(), so wrk keeps its fast static-request path for plain GET pages (a script
-- without request()/response() costs nothing per request). Prints one machine-readable line that
-- bench/run.py parses; all times are in microseconds.

local function json_line(summary, latency, extra)
  local e = summary.errors
  local parts = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_us":%d', summary.duration),
    string.format('"bytes":%d', summary.bytes),
    string.format('"errors_connect":%d', e.connect),
    string.format('"errors_read":%d', e.read),
    string.format('"errors_write":%d', e.write),
    string.format('"errors_status":%d', e.status),
    string.format('"errors_timeout":%d', e.timeout),
    string.format('"latency_mean_us":%.1f', latency.mean),
    string.format('"latency_max_us":%d', latency.max),
    string.format('"p50_us":%d', latency:percentile(50)),
    string.format('"p90_us":%d', latency:percentile(90)),
    string.format('"p99_us":%d', latency:percentile(99)),
  }
  for name, value in pairs(extra or {}) do
    parts[#parts + 1] = string.format('"%s":%d', name, value)
  end
  io.write("BENCH_JSON {" .. table.concat(parts, ",") .. "}\n")
end

bench_report = json_line

function done(summary, latency, requests)
  local extra = nil
  if bench_extra then
    extra = bench_extra()
  end
  json_line(summary, latency, extra)
end
