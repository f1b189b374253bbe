-- Frees a seat only while this booking still holds it: a late release (a redelivered outcome, a
-- retry of booking-service) must never free the seat of a newer booking of the same user.
-- KEYS[1] event holders, KEYS[2] pending hold of the booking
-- ARGV[1] user id, ARGV[2] booking id
local freed = 0
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
    freed = redis.call('HDEL', KEYS[1], ARGV[1])
end
-- someone else's user id must not make another user's pending booking disappear
if redis.call('HGET', KEYS[2], 'user_id') == ARGV[1] then
    redis.call('DEL', KEYS[2])
end
return freed
