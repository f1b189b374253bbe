package dev.seatbooking.booking.ratelimit;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import dev.seatbooking.booking.BookingKeys;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Refusal;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
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
 * reaches.
 *
 * <p>Bucket4j's Redis buckets are compare-and-swap: a read and a conditional write, two round trips
 * per request. Most users send a request or two, so each replica answers a user's first
 * {@link #LOCAL_USER_ALLOWANCE} requests per {@link #LOCAL_USER_WINDOW} from an in-memory bucket of
 * its own and takes the shared bucket in Redis only beyond that: a user may get that many more
 * than the shared limit per replica, and one who keeps sending is held to it. A client address's bucket is hot (everything
 * behind one load balancer or NAT shares it), so each replica keeps it locally and settles with
 * Redis every {@link #CLIENT_SYNC_TOKENS} requests or {@link #CLIENT_SYNC_TIMEOUT} (Bucket4j's
 * delaying optimization): each replica may overrun the shared limit by that much, which for a
 * limit meant to stop floods is the right price for not paying two round trips on every request.
 */
@Component
public class ReserveRateLimiter {

    static final long CLIENT_SYNC_TOKENS = 100;
    static final Duration CLIENT_SYNC_TIMEOUT = Duration.ofMillis(100);
    static final long LOCAL_USER_ALLOWANCE = 2;
    static final Duration LOCAL_USER_WINDOW = Duration.ofSeconds(2);

    private final BookingKeys keys;
    private final ProxyManager<String> buckets;
    /** The optimization's local state lives in the bucket object, so one is kept per recent address. */
    private final LoadingCache<String, Bucket> clientBuckets;
    /** Per recent user, what this replica still answers without asking Redis. */
    private final LoadingCache<String, Bucket> localUserAllowances;
    private final Supplier<BucketConfiguration> perUser;
    private final Supplier<BucketConfiguration> perClient;
    private final Counter userRejections;
    private final Counter clientRejections;

    ReserveRateLimiter(RedissonClient redisson, BookingKeys keys, RateLimitProperties properties, MeterRegistry meters) {
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
        this.clientBuckets = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterAccess(Duration.ofMinutes(1))
                .build(address -> buckets.builder()
                        .withOptimization(Optimizations.delaying(new DelayParameters(CLIENT_SYNC_TOKENS, CLIENT_SYNC_TIMEOUT)))
                        .build(keys.clientRateLimit(address), perClient));
        // a full allowance is the same as none, so an entry may go once it has refilled
        this.localUserAllowances = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(LOCAL_USER_WINDOW)
                .build(userId -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(LOCAL_USER_ALLOWANCE)
                                .refillIntervally(LOCAL_USER_ALLOWANCE, LOCAL_USER_WINDOW))
                        .build());
        this.userRejections = rejections("user", meters);
        this.clientRejections = rejections("client", meters);
    }

    /** Empty when the request may go on; RATE_LIMITED, with when to retry, once either bucket is empty. */
    public Optional<Refusal> admit(String userId, String clientAddress) {
        ConsumptionProbe client = clientBuckets.get(clientAddress).tryConsumeAndReturnRemaining(1);
        if (!client.isConsumed()) {
            clientRejections.increment();
            return Optional.of(new Refusal(ErrorCode.RATE_LIMITED, "Too many requests from this address",
                    Duration.ofNanos(client.getNanosToWaitForRefill())));
        }
        if (localUserAllowances.get(userId).tryConsume(1)) {
            return Optional.empty();
        }
        ConsumptionProbe user = buckets.builder().build(keys.userRateLimit(userId), perUser)
                .tryConsumeAndReturnRemaining(1);
        if (!user.isConsumed()) {
            userRejections.increment();
            return Optional.of(new Refusal(ErrorCode.RATE_LIMITED, "Too many requests from this user",
                    Duration.ofNanos(user.getNanosToWaitForRefill())));
        }
        return Optional.empty();
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
