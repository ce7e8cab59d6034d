-- wrk script for the turn-load benchmark: every request is sent once. Thread i reads its own file <prefix>.<i>, made
-- by the benchmark just before the run: one request a line, "Header:value<TAB>...<TAB>body". A thread that runs out
-- stops (the benchmark makes more than the run can send and says so if one ran out).
-- Arguments after "--": <prefix> <content type> <path>.
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  local prefix, content_type, path = args[1], args[2], args[3]
  requests = {}
  for line in io.lines(prefix .. "." .. id) do
    local fields = {}
    for field in string.gmatch(line, "[^\t]+") do fields[#fields + 1] = field end
    local headers = { ["Content-Type"] = content_type }
    for i = 1, #fields - 1 do
      local name, value = string.match(fields[i], "^([^:]+):(.*)$")
      headers[name] = value
    end
    requests[#requests + 1] = wrk.format("POST", path, headers, fields[#fields])
  end
  sent = 0
end

function request()
  sent = sent + 1
  if sent > #requests then
    wrk.thread:stop()
    return requests[#requests]
  end
  return requests[sent]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
