-- wrk script: POST /v1/meetings (the Webex Meetings REST API) with the seed host's bearer token, a JSON body
-- whose start is a day from now (always in the future) and a per-thread title (titles may repeat across runs),
-- and count every answer that is not HTTP 200 with the meeting's JSON (so a fast failure path cannot pass for
-- speed); the statuses of the answers that are not 200 are counted by status and printed.
-- Usage: wrk -s create_meeting_rest.lua URL -- [token]
local threads = {}
local counter = 0
local head, tail
failures = 0      -- global: done() reads it from each thread
not200 = {}       -- status -> count, per thread

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local token = args[1] or "acme-hostid-access-token"
   local start = os.time() + 86400
   head = '{"title": "REST meeting ' .. id .. '-'
   tail = '", "start": "' .. os.date("!%Y-%m-%dT%H:%M:00Z", start)
      .. '", "end": "' .. os.date("!%Y-%m-%dT%H:%M:00Z", start + 1800) .. '"}'
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
   counter = counter + 1
   return wrk.format(nil, nil, nil, head .. counter .. tail)
end

function response(status, headers, body)
   if status ~= 200 then
      not200[status] = (not200[status] or 0) + 1
      failures = failures + 1
   elseif not body:find('"title": *"REST meeting ') then
      failures = failures + 1
   end
end

function done(summary, latency, requests)
   local failed = 0
   local statuses = {}
   for _, thread in ipairs(threads) do
      failed = failed + thread:get("failures")
      for status, count in pairs(thread:get("not200")) do
         statuses[status] = (statuses[status] or 0) + count
      end
   end
   local parts = {}
   for status, count in pairs(statuses) do
      table.insert(parts, string.format('"%d": %d', status, count))
   end
   local errors = summary.errors
   io.write(string.format(
      'WRK-JSON {"requests": %d, "duration_us": %d, "failures": %d, "non2xx": %d, "socket_errors": %d, '
      .. '"p50_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f, "not200": {%s}}\n',
      summary.requests, summary.duration, failed, errors.status,
      errors.connect + errors.read + errors.write + errors.timeout,
      latency:percentile(50), latency:percentile(99), latency.max, latency.mean, table.concat(parts, ", ")))
end
