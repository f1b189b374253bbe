package dev.seatbooking.booking.ratelimit;

import java.time.Duration;
import java.util.function.Supplier;

import dev.seatbooking.common.cache.RedisKeys;
import dev.seatbooking.common.error.ApiException;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.redisson.cas.RedissonBasedProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.springframework.stereotype.Component;

/**
 * Bucket4j token buckets in Redis (through Redisson), per user and per client address, for reserve
 * requests: a flood from one user or one address gets 429 with Retry-After, whichever replica it
 * reaches. The client address bucket is hot (one key for everything behind one address), so its
 * concurrent requests are merged into one Redis call (Bucket4j's batching optimization).
 */
@Component
public class ReserveRateLimiter {

    private final RedisKeys keys;
    private final ProxyManager<String> buckets;
    private final Supplier<BucketConfiguration> perUser;
    private final Supplier<BucketConfiguration> perClient;
    private final Counter userRejections;
    private final Counter clientRejections;

    ReserveRateLimiter(RedissonClient redisson, RedisKeys keys, RateLimitProperties properties, MeterRegistry meters) {
        this.keys = keys;
        // Bucket4j's Redisson module works on Redisson's command executor
        this.buckets = RedissonBasedProxyManager.builderFor(((Redisson) redisson).getCommandExecutor())
                // a bucket refilled to the brim is the same as none: Redis forgets it
                .withExpirationStrategy(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        BucketConfiguration user = bucket(properties.userBurst(), properties.userPerSecond());
        BucketConfiguration client = bucket(properties.clientBurst(), properties.clientPerSecond());
        this.perUser = () -> user;
        this.perClient = () -> client;
        this.userRejections = rejections("user", meters);
        this.clientRejections = rejections("client", meters);
    }

    /** @throws ApiException RATE_LIMITED, with when to retry, once either bucket is empty */
    public void admit(String userId, String clientAddress) {
        ConsumptionProbe client = buckets.builder().withOptimization(Optimizations.batching())
                .build(keys.clientRateLimit(clientAddress), perClient)
                .tryConsumeAndReturnRemaining(1);
        if (!client.isConsumed()) {
            clientRejections.increment();
            throw ApiException.rateLimited("Too many requests from this address",
                    Duration.ofNanos(client.getNanosToWaitForRefill()));
        }
        ConsumptionProbe user = buckets.builder().build(keys.userRateLimit(userId), perUser)
                .tryConsumeAndReturnRemaining(1);
        if (!user.isConsumed()) {
            userRejections.increment();
            throw ApiException.rateLimited("Too many requests from this user",
                    Duration.ofNanos(user.getNanosToWaitForRefill()));
        }
    }

    private static BucketConfiguration bucket(long burst, long perSecond) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }

    private static Counter rejections(String limit, MeterRegistry meters) {
        return Counter.builder("booking.ratelimit.rejections")
                .description("Reserve requests refused with 429 by a rate limit")
                .tag("limit", limit)
                .register(meters);
    }
}
