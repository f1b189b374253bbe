package dev.seatbooking.common.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How each service's Redisson client talks to Redis. Redisson's defaults (32 Netty threads, up to 64
 * connections) are sized for big hosts; on a few cores every extra event-loop thread is another
 * hand-off per reply, and the connection pool's bookkeeping grows with its size (profiled in
 * docs/benchmarks.md).
 *
 * @param nettyThreads event-loop threads for Redis I/O (REDIS_NETTY_THREADS)
 * @param connectionPoolSize most connections to Redis at once (REDIS_CONNECTION_POOL_SIZE)
 * @param connectionMinimumIdleSize connections kept open while idle (REDIS_CONNECTION_MINIMUM_IDLE_SIZE)
 */
@ConfigurationProperties("booking.redis-client")
public record RedisClientProperties(
        @DefaultValue("4") int nettyThreads,
        @DefaultValue("32") int connectionPoolSize,
        @DefaultValue("8") int connectionMinimumIdleSize) {
}
