-- One chunk of what a reconciliation pass compares with PostgreSQL: the capacity, and the holders
-- of one HSCAN step, each with whether its claim still has a pending record (is not committed or
-- released yet). A chunk keeps Redis busy for a moment only, however many seats an event has; each
-- holder's claim and pending flag are still read together, which is all the pass relies on.
-- The pending-record keys are built here from the claim ids in the hash, which a single Redis allows.
-- KEYS[1] event capacity, KEYS[2] event holders, KEYS[3] seats taken
-- ARGV[1] pending-record key prefix (the claim id completes the key), ARGV[2] HSCAN cursor, ARGV[3] chunk size
-- Returns {} when the event is not loaded, else
-- {capacity, seats taken, next cursor, user id, 'claim id:seats', '1' or '0', ...}
local capacity = redis.call('GET', KEYS[1])
if not capacity then
    return {}
end
local scan = redis.call('HSCAN', KEYS[2], ARGV[2], 'COUNT', ARGV[3])
local reply = {capacity, redis.call('GET', KEYS[3]) or '0', scan[1]}
local holders = scan[2]
for i = 1, #holders, 2 do
    table.insert(reply, holders[i])
    table.insert(reply, holders[i + 1])
    table.insert(reply, tostring(redis.call('EXISTS', ARGV[1] .. string.match(holders[i + 1], '^(%d+):'))))
end
return reply
