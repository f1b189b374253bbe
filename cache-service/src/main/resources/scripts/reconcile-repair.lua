-- Gives a user's seats to another claim, or frees them, only while Redis still shows what the
-- reconciliation snapshot saw: a hold, release or confirm that ran since must never be undone. An
-- event that is not loaded is left alone: its rebuild reads PostgreSQL.
-- KEYS[1] event capacity, KEYS[2] event holders, KEYS[3] seats taken, KEYS[4] pending record of the
-- claim seen (if one was)
-- ARGV[1] user id, ARGV[2] 'claim id:seats' seen ('' for none), ARGV[3] 'claim id:seats' to set ('' to free)
if redis.call('EXISTS', KEYS[1]) == 0 then
    return 0
end
if (redis.call('HGET', KEYS[2], ARGV[1]) or '') ~= ARGV[2] then
    return 0
end
-- the claim seen was released and taken again under the same id: it is in flight once more
if KEYS[4] and redis.call('EXISTS', KEYS[4]) == 1 then
    return 0
end
if ARGV[2] ~= '' then
    redis.call('DECRBY', KEYS[3], tonumber(string.match(ARGV[2], ':(%d+)$')))
end
if ARGV[3] == '' then
    redis.call('HDEL', KEYS[2], ARGV[1])
else
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
    redis.call('INCRBY', KEYS[3], tonumber(string.match(ARGV[3], ':(%d+)$')))
end
return 1
