-- A committed booking holds its seat, whatever Redis believed meanwhile: its hold may have been
-- released after a publish confirm that never came (the command was stored all the same), or lost
-- with Redis while the command waited in the queue. An event that is not loaded is left alone: its
-- rebuild reads the booking from PostgreSQL.
-- KEYS[1] event capacity, KEYS[2] event holders, KEYS[3] pending hold of the booking
-- ARGV[1] user id, ARGV[2] booking id
if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
end
redis.call('DEL', KEYS[3])
return 1
