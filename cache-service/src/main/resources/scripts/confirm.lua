-- A committed claim (a booking, or a hold PostgreSQL stores HELD) holds its seats, whatever Redis
-- believed meanwhile: its seats may have been released after a publish confirm that never came (the
-- command was stored all the same), or lost with Redis while the command waited in the queue. An
-- event that is not loaded is left alone: its rebuild reads the claim from PostgreSQL.
-- KEYS[1] event capacity, KEYS[2] event holders, KEYS[3] seats taken, KEYS[4] pending record of the claim
-- ARGV[1] user id, ARGV[2] claim id, ARGV[3] seats
if redis.call('EXISTS', KEYS[1]) == 1 then
    local claim = ARGV[2] .. ':' .. ARGV[3]
    local existing = redis.call('HGET', KEYS[2], ARGV[1])
    if existing ~= claim then
        if existing then
            redis.call('DECRBY', KEYS[3], tonumber(string.match(existing, ':(%d+)$')))
        end
        redis.call('HSET', KEYS[2], ARGV[1], claim)
        redis.call('INCRBY', KEYS[3], ARGV[3])
    end
end
redis.call('DEL', KEYS[4])
return 1
