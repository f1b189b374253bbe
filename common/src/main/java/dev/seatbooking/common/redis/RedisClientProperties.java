package dev.seatbooking.common.redis;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How each service's Redisson client talks to Redis. Redisson's defaults (32 Netty threads, up to 64
 * connections) are sized for big hosts; on a few cores every extra event-loop thread is another
 * hand-off per reply, and the connection pool's bookkeeping grows with its size (profiled in
 * docs/benchmarks.md). The defaults are in common.yml.
 *
 * @param nettyThreads event-loop threads for Redis I/O (REDIS_NETTY_THREADS)
 * @param connectionPoolSize most connections to Redis at once (REDIS_CONNECTION_POOL_SIZE)
 * @param connectionMinimumIdleSize connections kept open while idle (REDIS_CONNECTION_MINIMUM_IDLE_SIZE)
 */
@ConfigurationProperties("booking.redis-client")
public record RedisClientProperties(int nettyThreads, int connectionPoolSize, int connectionMinimumIdleSize) {

    public RedisClientProperties {
        if (nettyThreads < 1 || connectionPoolSize < 1 || connectionMinimumIdleSize < 0
                || connectionMinimumIdleSize > connectionPoolSize) {
            throw new IllegalArgumentException("booking.redis-client needs netty-threads >= 1, connection-pool-size"
                    + " >= 1 and 0 <= connection-minimum-idle-size <= connection-pool-size");
        }
    }
}
