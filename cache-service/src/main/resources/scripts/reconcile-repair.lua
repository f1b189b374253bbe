-- Gives a user's seat to another booking, or frees it, only while Redis still shows what the
-- reconciliation snapshot saw: a hold, release or confirm that ran since must never be undone. An
-- event that is not loaded is left alone: its rebuild reads PostgreSQL.
-- KEYS[1] event capacity, KEYS[2] event holders, KEYS[3] pending hold of the booking seen (if one was)
-- ARGV[1] user id, ARGV[2] booking id seen ('' for none), ARGV[3] booking id to set ('' to free the seat)
if redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
if (redis.call('HGET', KEYS[2], ARGV[1]) or '') ~= ARGV[2] then
    return 0
end
-- the booking seen was released and held again under the same id: it is in flight once more
if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1 then
    return 0
end
if ARGV[3] == '' then
    redis.call('HDEL', KEYS[2], ARGV[1])
else
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
end
return 1
