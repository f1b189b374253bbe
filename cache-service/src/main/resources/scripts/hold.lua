-- The one place where Redis applies the seat rule: check and take a seat in a single atomic step.
-- KEYS[1] event capacity, KEYS[2] event holders (user id -> booking id), KEYS[3] pending hold of the booking
-- ARGV[1] user id, ARGV[2] booking id, ARGV[3] event id, ARGV[4] created at (ISO-8601), ARGV[5] pending TTL (s)
local capacity = redis.call('GET', KEYS[1])
if not capacity then
    -- the caller rebuilds the event's state from PostgreSQL and tries again
    return {'NOT_LOADED'}
end
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing == ARGV[2] then
    -- this very hold, sent again (a pipeline repeated after Redis forgot its scripts)
    return {'HELD', existing}
end
if existing then
    return {'ALREADY_BOOKED', existing}
end
-- the holders hash is the count, so there is no separate counter that could drift from it
if redis.call('HLEN', KEYS[2]) >= tonumber(capacity) then
    return {'SOLD_OUT'}
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[3], 'event_id', ARGV[3], 'user_id', ARGV[1], 'created_at', ARGV[4])
redis.call('EXPIRE', KEYS[3], ARGV[5])
return {'HELD', ARGV[2]}
