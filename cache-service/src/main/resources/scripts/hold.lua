-- The one place where Redis applies the seat rules: check and take seats in a single atomic step.
-- KEYS[1] event capacity, KEYS[2] event holders (user id -> 'claim id:seats'), KEYS[3] seats taken,
-- KEYS[4] event settings, KEYS[5] pending record of the claim
-- ARGV[1] user id, ARGV[2] claim id, ARGV[3] event id, ARGV[4] created at (ISO-8601), ARGV[5] pending
-- TTL (s), ARGV[6] seats, ARGV[7] kind: RESERVE or HOLD, under the event's rules; RETAKE, a hold's
-- seats claimed for its confirmation, which was admitted under those rules already: a hold that still
-- has them keeps them (its pending record says its confirmation is in flight, so that an expiry
-- landing meanwhile leaves them alone), an expired one takes them again if they are free
-- Returns {result, ...}: {'HELD', claim id, hold TTL (s)}, {'ALREADY_BOOKED', the user's claim id},
-- {'NOT_ENOUGH_SEATS', seats left}, {'LIMIT_EXCEEDED', seats per user}, or the result alone
local capacity = redis.call('GET', KEYS[1])
local settings = redis.call('HMGET', KEYS[4], 'max_per_user', 'hold_ttl', 'status', 'sales_start', 'sales_end')
if not capacity or not settings[3] then
    -- the caller loads the event's state from PostgreSQL and tries again
    return {'NOT_LOADED'}
end
local seats = tonumber(ARGV[6])
local claim = ARGV[2] .. ':' .. ARGV[6]
local function inFlight()
    redis.call('HSET', KEYS[5], 'event_id', ARGV[3], 'user_id', ARGV[1], 'created_at', ARGV[4], 'quantity', ARGV[6],
        'kind', ARGV[7], 'hold_ttl', settings[2])
    redis.call('EXPIRE', KEYS[5], ARGV[5])
end
local existing = redis.call('HGET', KEYS[2], ARGV[1])
if existing == claim then
    -- a hold whose seats are still its own, to be confirmed; or this very claim, sent again (a
    -- pipeline repeated after Redis forgot its scripts)
    if ARGV[7] == 'RETAKE' then
        inFlight()
    end
    return {'HELD', ARGV[2], settings[2]}
end
if ARGV[7] ~= 'RETAKE' then
    -- Redis's clock, one for every instance that asks
    local time = redis.call('TIME')
    local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
    if settings[3] == 'CLOSED' or (settings[5] ~= '' and now >= tonumber(settings[5])) then
        return {'SALES_CLOSED'}
    end
    if settings[3] == 'PAUSED' or (settings[4] ~= '' and now < tonumber(settings[4])) then
        return {'SALES_NOT_OPEN'}
    end
    if seats > tonumber(settings[1]) then
        return {'LIMIT_EXCEEDED', settings[1]}
    end
end
if existing then
    return {'ALREADY_BOOKED', string.match(existing, '^(%d+):')}
end
local available = tonumber(capacity) - tonumber(redis.call('GET', KEYS[3]) or '0')
if available <= 0 then
    return {'SOLD_OUT'}
end
if available < seats then
    return {'NOT_ENOUGH_SEATS', tostring(available)}
end
redis.call('HSET', KEYS[2], ARGV[1], claim)
redis.call('INCRBY', KEYS[3], seats)
inFlight()
return {'HELD', ARGV[2], settings[2]}
