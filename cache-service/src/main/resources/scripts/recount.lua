-- The seats taken of an event, counted again from its holders, for when reconciliation found the
-- count apart from them. One step, so no claim can come or go in between; it reads the whole hash,
-- which is why it only runs when the count is off.
-- KEYS[1] event capacity, KEYS[2] event holders, KEYS[3] seats taken
-- Returns {seats taken before, seats taken now}, or {} when the event is not loaded
if redis.call('EXISTS', KEYS[1]) == 0 then
    return {}
end
local seats = 0
for _, claim in ipairs(redis.call('HVALS', KEYS[2])) do
    seats = seats + tonumber(string.match(claim, ':(%d+)$'))
end
local before = redis.call('GET', KEYS[3]) or '0'
redis.call('SET', KEYS[3], seats)
return {before, tostring(seats)}
