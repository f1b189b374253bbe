package dev.seatbooking.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.cache.CacheServiceApplication;
import dev.seatbooking.common.testsupport.TcpProxy;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import dev.seatbooking.worker.QueueWorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services, started once per test JVM on random ports against this run's slice of the
 * real PostgreSQL, Redis and RabbitMQ, wired to each other exactly as in production (HTTP from
 * booking-service to cache-service, RabbitMQ between booking-service, queue-worker and cache-service).
 *
 * <p>Some of those connections pass through a {@link TcpProxy}, so that a fault test can take a
 * service away from one application while the machine's shared services stay up: Redis for
 * booking-service and cache-service ({@link #redis}), RabbitMQ for booking-service
 * ({@link #bookingRabbit}), and RabbitMQ and PostgreSQL for each queue-worker ({@link Worker}).
 *
 * <p>cache-service requires the internal token, which booking-service sends, as in production. The
 * booking-service above runs with SECURITY_MODE=none (the default); a second one with
 * SECURITY_MODE=jwt, beside it on the same cache-service and queue-worker, is started on first use
 * ({@link #jwtBookingPort()}).
 */
final class RunningSuite {

    static final String INTERNAL_TOKEN = "internal-" + UUID.randomUUID() + "-" + UUID.randomUUID();
    static final String JWT_HMAC_SECRET = "hmac-" + UUID.randomUUID() + "-" + UUID.randomUUID();
    /** The one browser origin the jwt-mode booking-service allows; the none-mode one allows none. */
    static final String ALLOWED_ORIGIN = "https://tickets.example.com";

    /**
     * The Redis client auto-configurations, which the three services' shared class path here would
     * give queue-worker: its own class path has no Redis client (common's is optional), so it starts
     * and reports its health without one, as in production.
     */
    private static final String WORKER_HAS_NO_REDIS = String.join(",",
            "org.redisson.spring.starter.RedissonAutoConfigurationV2",
            "org.redisson.spring.starter.RedissonAutoConfigurationV4",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

    private static RunningSuite instance;
    private static RuntimeException failedStart;

    final TcpProxy redis;
    final TcpProxy bookingRabbit;
    final ConfigurableApplicationContext cacheService;
    final ConfigurableApplicationContext bookingService;
    private final Map<String, String> bookingProperties;
    private Worker queueWorker;
    private ConfigurableApplicationContext jwtBookingService;

    private RunningSuite() {
        Map<String, String> infra = TestInfrastructure.properties();
        redis = proxy(infra.get("spring.data.redis.host"), infra.get("spring.data.redis.port"));
        bookingRabbit = proxy(infra.get("spring.rabbitmq.host"), infra.get("spring.rabbitmq.port"));
        Map<String, String> redisThroughProxy = Map.of(
                "spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", String.valueOf(redis.port()));
        Map<String, String> cache = new HashMap<>(redisThroughProxy);
        cache.put("booking.security.internal-token", INTERNAL_TOKEN);
        cacheService = start(CacheServiceApplication.application(), cache);
        queueWorker = startWorker();
        Map<String, String> booking = new HashMap<>(cache);
        booking.put("spring.rabbitmq.host", "127.0.0.1");
        booking.put("spring.rabbitmq.port", String.valueOf(bookingRabbit.port()));
        booking.put("booking.cache-service.url", "http://localhost:" + port(cacheService));
        bookingProperties = Map.copyOf(booking);
        bookingService = start(BookingServiceApplication.application(), booking);
    }

    static synchronized RunningSuite get() {
        // tried once: a suite that did not start fails every test with its first cause, rather than
        // being started again for each test class with what the failed start left running
        if (failedStart != null) {
            throw new IllegalStateException("The suite did not start", failedStart);
        }
        if (instance == null) {
            try {
                instance = new RunningSuite();
            } catch (RuntimeException e) {
                failedStart = e;
                throw e;
            }
        }
        return instance;
    }

    /** The queue-worker that the suite runs with; others may be started beside it. */
    synchronized Worker queueWorker() {
        return queueWorker;
    }

    /** Kills the suite's queue-worker (see {@link Worker#kill()}) and starts a new one in its place. */
    synchronized Worker replaceQueueWorker() {
        return replaceQueueWorker(() -> { });
    }

    /** As {@link #replaceQueueWorker()}, with {@code whileDown} run while no queue-worker of the suite runs. */
    synchronized Worker replaceQueueWorker(Runnable whileDown) {
        queueWorker.kill();
        try {
            whileDown.run();
        } finally {
            queueWorker = startWorker();
        }
        return queueWorker;
    }

    /** One more queue-worker, consuming the same command queue, with proxies of its own. */
    Worker startWorker() {
        Map<String, String> infra = TestInfrastructure.properties();
        TcpProxy rabbit = proxy(infra.get("spring.rabbitmq.host"), infra.get("spring.rabbitmq.port"));
        URI database = URI.create(infra.get("spring.datasource.url").substring("jdbc:".length()));
        TcpProxy postgres = proxy(database.getHost(), String.valueOf(database.getPort()));
        ConfigurableApplicationContext context = start(QueueWorkerApplication.application(), Map.of(
                "spring.rabbitmq.host", "127.0.0.1",
                "spring.rabbitmq.port", String.valueOf(rabbit.port()),
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + database.getRawPath()
                        + "?" + database.getRawQuery(),
                "spring.autoconfigure.exclude", WORKER_HAS_NO_REDIS));
        return new Worker(context, rabbit, postgres);
    }

    int bookingPort() {
        return port(bookingService);
    }

    /** booking-service with SECURITY_MODE=jwt (HS256 tokens signed with {@link #JWT_HMAC_SECRET}). */
    synchronized int jwtBookingPort() {
        if (jwtBookingService == null) {
            Map<String, String> jwt = new HashMap<>(bookingProperties);
            jwt.put("booking.security.mode", "jwt");
            jwt.put("booking.security.jwt.hmac-secret", JWT_HMAC_SECRET);
            jwt.put("booking.security.cors.allowed-origins", ALLOWED_ORIGIN);
            jwtBookingService = start(BookingServiceApplication.application(), jwt);
        }
        return port(jwtBookingService);
    }

    int cachePort() {
        return port(cacheService);
    }

    /** A queue-worker and the proxies through which it reaches RabbitMQ and PostgreSQL. */
    record Worker(ConfigurableApplicationContext context, TcpProxy rabbit, TcpProxy postgres) {

        int port() {
            return RunningSuite.port(context);
        }

        /**
         * Dies as a process would, mid-batch: its connections drop at once (RabbitMQ requeues the
         * commands it had not acked, PostgreSQL rolls back its open transaction), then it stops.
         */
        void kill() {
            rabbit.cut();
            postgres.cut();
            try {
                context.close();
            } catch (RuntimeException e) {
                // a process killed mid-batch does not shut down cleanly either: with its connections
                // cut, Spring AMQP may find its channel executor already gone while closing a channel
            }
            try {
                rabbit.close();
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static TcpProxy proxy(String host, String port) {
        try {
            return new TcpProxy(host, Integer.parseInt(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConfigurableApplicationContext start(SpringApplicationBuilder application,
            Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
        properties.put("server.port", "0");
        // spans reach RecordedSpans within a test's patience rather than after the default 5 s
        properties.put("management.opentelemetry.tracing.export.schedule-delay", "100ms");
        // webhooks to the tests' local receivers, retried and given up on within a test's patience
        properties.put("booking.webhooks.allow-private", "true");
        properties.put("booking.webhooks.delivery.relay-interval", "50ms");
        properties.put("booking.webhooks.delivery.connect-timeout", "500ms");
        properties.put("booking.webhooks.delivery.response-timeout", "1s");
        properties.put("booking.webhooks.delivery.lease", "3s");
        properties.put("booking.webhooks.delivery.retry-initial-backoff", "100ms");
        properties.put("booking.webhooks.delivery.retry-max-backoff", "400ms");
        properties.put("booking.webhooks.delivery.give-up-after", WebhookTest.GIVE_UP_AFTER.toMillis() + "ms");
        properties.putAll(extra);
        // command-line arguments outrank the services' own config files, as an operator's would
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return application.sources(RecordedSpans.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
