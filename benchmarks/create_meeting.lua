-- wrk script: POST the seed CreateMeeting (tests/samples) with a distinct confName per request, and count every
-- answer that is not HTTP 200 with <serv:result>SUCCESS (so a fast failure path cannot pass for speed).
-- Usage: wrk -s create_meeting.lua URL -- <request file> [json]
local threads = {}
local counter = 0
local head, tail
failures = 0  -- global: done() reads it from each thread

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file = assert(io.open(args[1], "rb"))
   local body = file:read("*a")
   file:close()
   local at = assert(body:find("Sample Meeting", 1, true), "the request has no 'Sample Meeting' confName")
   head = body:sub(1, at - 1) .. "Meeting " .. id .. "-"
   tail = body:sub(at + #"Sample Meeting")
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "text/xml; charset=UTF-8"
end

function request()
   counter = counter + 1
   return wrk.format(nil, nil, nil, head .. counter .. tail)
end

function response(status, headers, body)
   if status ~= 200 or not body:find("<serv:result>SUCCESS</serv:result>", 1, true) then
      failures = failures + 1
   end
end

function done(summary, latency, requests)
   local failed = 0
   for _, thread in ipairs(threads) do
      failed = failed + thread:get("failures")
   end
   local errors = summary.errors
   io.write(string.format(
      'WRK-JSON {"requests": %d, "duration_us": %d, "failures": %d, "non2xx": %d, "socket_errors": %d, '
      .. '"p50_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
      summary.requests, summary.duration, failed, errors.status,
      errors.connect + errors.read + errors.write + errors.timeout,
      latency:percentile(50), latency:percentile(99), latency.max, latency.mean))
end
