-- Frees a claim's seats only while this claim still holds them: a late release (a redelivered
-- outcome, a retry of booking-service) must never free the seats of a newer claim of the same user.
-- KEYS[1] event holders, KEYS[2] seats taken, KEYS[3] pending record of the claim
-- ARGV[1] user id, ARGV[2] claim id, ARGV[3] '1' when the claim ended on its own (an expiry), which
-- leaves it alone while it is in flight again: its confirmation is on its way, with the seats
-- booking-service claimed for it (hold.lua's RETAKE), and the expiry's outcome came only now
local existing = redis.call('HGET', KEYS[1], ARGV[1])
local inFlight = redis.call('HGET', KEYS[3], 'user_id') == ARGV[1]
if ARGV[3] == '1' and inFlight then
    return 0
end
local freed = 0
if existing and string.match(existing, '^(%d+):') == ARGV[2] then
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('DECRBY', KEYS[2], tonumber(string.match(existing, ':(%d+)$')))
    freed = 1
end
-- someone else's user id must not make another user's pending claim disappear
if inFlight then
    redis.call('DEL', KEYS[3])
end
return freed
