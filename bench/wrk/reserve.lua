-- wrk script for quick A/B measurements of one lever (docs/benchmarks.md): every request reserves
-- a seat of event $EVENT for a user of its own, so that no two requests contend for one user's lock.
--   EVENT=1 wrk -t2 -c64 -d60s -s bench/wrk/reserve.lua --latency http://localhost:8080
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
init = function(args)
  counter = 0
  prefix = string.format("wrk-%d-%d", os.time(), tid)
end
request = function()
  counter = counter + 1
  local body = string.format('{"event_id": %d, "user_id": "%s-%d"}', tonumber(os.getenv("EVENT") or 1), prefix, counter)
  return wrk.format("POST", "/api/bookings/reserve", {["Content-Type"] = "application/json"}, body)
end
