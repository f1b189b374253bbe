package dev.seatbooking.booking.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import java.util.UUID;

import dev.seatbooking.booking.BookingKeys;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The token buckets against this run's Redis, with limits small enough to reach in a test. */
class ReserveRateLimiterTest {

    private static RedissonClient redisson;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BookingKeys keys = new BookingKeys(TestInfrastructure.redisKeyPrefix());

    @BeforeAll
    static void connect() {
        Map<String, String> infra = TestInfrastructure.properties();
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + infra.get("spring.data.redis.host") + ":"
                + infra.get("spring.data.redis.port"));
        if (!infra.get("spring.data.redis.password").isEmpty()) {
            config.setPassword(infra.get("spring.data.redis.password"));
        }
        redisson = Redisson.create(config);
    }

    @AfterAll
    static void disconnect() {
        redisson.shutdown();
    }

    @Test
    void aUserBeyondTheBurstIsRefusedWithWhenToRetryAndOthersAreNot() {
        ReserveRateLimiter limiter = limiter(new RateLimitProperties(1, 3, 1000, 1000));
        String flooding = user();
        String client = client();

        // this replica's own allowance first, then the shared burst
        for (int i = 0; i < ReserveRateLimiter.LOCAL_USER_ALLOWANCE + 3; i++) {
            assertThat(limiter.admit(flooding, client)).isEmpty();
        }

        assertThat(limiter.admit(flooding, client)).hasValueSatisfying(refusal -> {
            assertThat(refusal.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(refusal.message()).isEqualTo("Too many requests from this user");
            assertThat(refusal.retryAfter()).isPositive();
        });
        assertThat(limiter.admit(user(), client)).isEmpty();
        assertThat(rejections("user")).isEqualTo(1);
        assertThat(rejections("client")).isZero();
    }

    @Test
    void oneAddressBeyondItsBurstIsRefusedWhateverTheUser() {
        ReserveRateLimiter limiter = limiter(new RateLimitProperties(1000, 1000, 1, 2));
        String client = client();
        assertThat(limiter.admit(user(), client)).isEmpty();
        assertThat(limiter.admit(user(), client)).isEmpty();

        assertThat(limiter.admit(user(), client)).hasValueSatisfying(refusal -> {
            assertThat(refusal.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(refusal.message()).isEqualTo("Too many requests from this address");
        });
        assertThat(limiter.admit(user(), client())).isEmpty();
        assertThat(rejections("client")).isEqualTo(1);
    }

    @Test
    void replicasShareAUsersBucketBeyondTheirOwnAllowances() {
        RateLimitProperties properties = new RateLimitProperties(1, 2, 1000, 1000);
        ReserveRateLimiter one = limiter(properties);
        ReserveRateLimiter other = limiter(properties);
        String user = user();
        for (int i = 0; i < ReserveRateLimiter.LOCAL_USER_ALLOWANCE; i++) {
            assertThat(one.admit(user, client())).isEmpty();
            assertThat(other.admit(user, client())).isEmpty();
        }
        // the shared burst of two, taken one from each replica
        assertThat(one.admit(user, client())).isEmpty();
        assertThat(other.admit(user, client())).isEmpty();

        assertThat(one.admit(user, client())).isPresent();
        assertThat(other.admit(user, client())).isPresent();
    }

    @Test
    void replicasShareAClientAddressBucketOverrunningItByTheirLocalAllowanceAtMost() {
        RateLimitProperties properties = new RateLimitProperties(1000, 1000, 1, 150);
        ReserveRateLimiter one = limiter(properties);
        ReserveRateLimiter other = limiter(properties);
        String client = client();
        for (int i = 0; i < 120; i++) {
            assertThat(one.admit(user(), client)).isEmpty();
        }

        int admitted = 120;
        boolean refused = false;
        for (int i = 0; i < 300 && !refused; i++) {
            if (other.admit(user(), client).isPresent()) {
                refused = true;
            } else {
                admitted++;
            }
        }

        assertThat(refused).isTrue();
        assertThat(admitted).isBetween(150, 150 + (int) ReserveRateLimiter.CLIENT_SYNC_TOKENS);
    }

    @Test
    void limitsBelowOneAreRefusedAtStartUp() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitProperties(0, 1, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimitProperties(1, 1, 1, 0));
    }

    private ReserveRateLimiter limiter(RateLimitProperties properties) {
        return new ReserveRateLimiter(redisson, keys, properties, meters);
    }

    private double rejections(String limit) {
        return meters.get("booking.ratelimit.rejections").tag("limit", limit).counter().count();
    }

    private static String user() {
        return "user-" + UUID.randomUUID();
    }

    private static String client() {
        return "10.0.0." + UUID.randomUUID();
    }
}
