-- An event's settings and capacity changed (an operator's PATCH). A capacity below the seats taken
-- (booked, held or in flight) is refused: those seats are sold or promised. The waiting list's offers
-- that PostgreSQL made of the seats added hold them in the same step, so that no public hold sees
-- them free; like any committed claim (confirm.lua), an offer replaces what Redis had for its user.
-- KEYS[1] event capacity, KEYS[2] seats taken, KEYS[3] event settings, KEYS[4] event holders
-- ARGV[1] capacity, ARGV[2] seats per user, ARGV[3] hold TTL (s), ARGV[4] status,
-- ARGV[5] sales start (epoch ms, '' for none), ARGV[6] sales end (epoch ms, '' for none), then per
-- offer: user id, claim id, seats
-- Returns {'APPLIED'}, {'NOT_LOADED'}, or {'CAPACITY_BELOW_SOLD', seats taken}
if redis.call('EXISTS', KEYS[1]) == 0 then
    return {'NOT_LOADED'}
end
local taken = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[1]) < taken then
    return {'CAPACITY_BELOW_SOLD', tostring(taken)}
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[3], 'max_per_user', ARGV[2], 'hold_ttl', ARGV[3], 'status', ARGV[4],
    'sales_start', ARGV[5], 'sales_end', ARGV[6])
for i = 7, #ARGV, 3 do
    local existing = redis.call('HGET', KEYS[4], ARGV[i])
    if existing then
        redis.call('DECRBY', KEYS[2], tonumber(string.match(existing, ':(%d+)$')))
    end
    redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1] .. ':' .. ARGV[i + 2])
    redis.call('INCRBY', KEYS[2], ARGV[i + 2])
end
return {'APPLIED'}
