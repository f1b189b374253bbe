-- What a reconciliation pass compares with PostgreSQL, read in one atomic step: the capacity, and
-- each holder with whether its booking still has a pending record (is not committed or released yet).
-- The pending-hold keys are built here from the booking ids in the hash, which a single Redis allows.
-- KEYS[1] event capacity, KEYS[2] event holders
-- ARGV[1] pending-hold key prefix (the booking id completes the key)
-- Returns {} when the event is not loaded, else {capacity, user id, booking id, '1' or '0', ...}
local capacity = redis.call('GET', KEYS[1])
if not capacity then
    return {}
end
local reply = {capacity}
local holders = redis.call('HGETALL', KEYS[2])
for i = 1, #holders, 2 do
    table.insert(reply, holders[i])
    table.insert(reply, holders[i + 1])
    table.insert(reply, tostring(redis.call('EXISTS', ARGV[1] .. holders[i + 1])))
end
return reply
