package dev.seatbooking.common.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.rabbitmq.client.ConnectionFactory;
import dev.seatbooking.common.messaging.MessagingProperties;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.util.ClassUtils;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The real PostgreSQL, Redis and RabbitMQ for a test JVM. Each one is used where the environment
 * (DB_HOST, REDIS_HOST, RABBITMQ_HOST, ... as for the services) says it is, and started with
 * Testcontainers when nothing answers there and a Docker engine exists. Every run gets its own
 * database, Redis key prefix and queue names, and removes them when the JVM exits.
 */
public final class TestInfrastructure {

    /** Unique per JVM; starts with the time so that leftovers of killed runs can be recognised. */
    public static final String RUN_ID = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
            + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);

    private static final String DATABASE_PREFIX = "booking_test_";

    /**
     * Hold lifetimes (s) of the events tests create: 1 to 30 s, and 60, 120, 600 (the default), 900 (a
     * waiting-list offer's default).
     */
    private static final long[] TEST_HOLD_LIFETIMES = LongStream.concat(
            LongStream.rangeClosed(1, 30), LongStream.of(60, 120, 600, 900)).toArray();

    /** This run's queues the applications declared ({@link DeclaredQueues}). */
    private static final Set<String> DECLARED_QUEUES = ConcurrentHashMap.newKeySet();

    private static volatile Map<String, String> properties;

    private TestInfrastructure() {
    }

    /** For {@code @DynamicPropertySource} methods. */
    public static void register(DynamicPropertyRegistry registry) {
        properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Spring properties pointing a service at this run's isolated slice of the infrastructure. */
    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            int java = Runtime.version().feature();
            // the services' virtual threads (common.yml) take effect from 21 on
            System.out.println("test infrastructure: tests on Java " + java + " (" + System.getProperty("java.home")
                    + "), virtual threads " + (java >= 21 ? "on" : "off: they need Java 21 or later"));
            Map<String, String> props = new LinkedHashMap<>();
            props.putAll(postgres());
            props.putAll(redis());
            props.putAll(rabbit());
            props.put("booking.redis.key-prefix", redisKeyPrefix());
            props.put("booking.messaging.prefix", messaging().prefix());
            properties = Map.copyOf(props);
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::cleanUp, "test-infra-cleanup"));
        }
        return properties;
    }

    /** A queue to delete when the JVM exits, if it is one of this run's (named under its prefix). */
    static void deleteAtExit(String queue) {
        if (queue.startsWith(messaging().prefix() + ".")) {
            DECLARED_QUEUES.add(queue);
        }
    }

    /** The run's Redis key prefix (booking.redis.key-prefix), under which each service names its keys. */
    public static String redisKeyPrefix() {
        return "test:" + RUN_ID + ":";
    }

    public static MessagingProperties messaging() {
        return new MessagingProperties("test." + RUN_ID, MessagingProperties.QueueType.CLASSIC);
    }

    /** The expiry queues of a hold lifetime, one per parking lag ({@link MessagingProperties#holdExpiryQueue}). */
    public static List<String> holdExpiryQueues(MessagingProperties names, long lifetime) {
        return Stream.iterate(Duration.ZERO, lag -> lag.compareTo(MessagingProperties.EXPIRY_LAG_CAP) <= 0,
                lag -> lag.plus(MessagingProperties.EXPIRY_LAG_STEP))
                .map(lag -> names.holdExpiryQueue(lifetime, lag)).toList();
    }

    public static String jdbcUrl() {
        return properties().get("spring.datasource.url");
    }

    private static Map<String, String> postgres() {
        String host = env("DB_HOST", "localhost");
        int port = Integer.parseInt(env("DB_PORT", "5432"));
        String user = env("DB_USER", "postgres");
        String password = env("DB_PASSWORD", "");
        String source = "configured";
        if (!reachable(host, port)) {
            requireDocker("PostgreSQL", host, port);
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            host = container.getHost();
            port = container.getMappedPort(5432);
            user = container.getUsername();
            password = container.getPassword();
            source = "Testcontainers, image " + container.getDockerImageName();
        }
        report("PostgreSQL", host, port, source);
        String admin = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        String database = DATABASE_PREFIX + RUN_ID;
        try (Connection connection = DriverManager.getConnection(admin, user, password);
                Statement statement = connection.createStatement()) {
            dropStaleDatabases(statement);
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database on " + admin, e);
        }
        return Map.of(
                "spring.datasource.url", "jdbc:postgresql://" + host + ":" + port + "/" + database
                        + "?reWriteBatchedInserts=true",
                "spring.datasource.username", user,
                "spring.datasource.password", password,
                "test.postgres.admin-url", admin);
    }

    /** Databases of runs that were killed before their clean-up: older than a day. */
    private static void dropStaleDatabases(Statement statement) throws SQLException {
        String cutoff = LocalDateTime.now().minusDays(1).format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        List<String> stale = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE '" + DATABASE_PREFIX + "%'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (name.substring(DATABASE_PREFIX.length()).compareTo(cutoff) < 0) {
                    stale.add(name);
                }
            }
        }
        for (String name : stale) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Map<String, String> redis() {
        String host = env("REDIS_HOST", "localhost");
        int port = Integer.parseInt(env("REDIS_PORT", "6379"));
        String password = env("REDIS_PASSWORD", "");
        String source = "configured";
        if (!reachable(host, port)) {
            requireDocker("Redis", host, port);
            GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            container.start();
            host = container.getHost();
            port = container.getMappedPort(6379);
            password = "";
            source = "Testcontainers, image " + container.getDockerImageName();
        }
        report("Redis", host, port, source);
        return Map.of("spring.data.redis.host", host, "spring.data.redis.port", String.valueOf(port),
                "spring.data.redis.password", password);
    }

    private static Map<String, String> rabbit() {
        String host = env("RABBITMQ_HOST", "localhost");
        int port = Integer.parseInt(env("RABBITMQ_PORT", "5672"));
        String user = env("RABBITMQ_USER", "guest");
        String password = env("RABBITMQ_PASSWORD", "guest");
        String source = "configured";
        if (!reachable(host, port)) {
            requireDocker("RabbitMQ", host, port);
            RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management-alpine");
            container.start();
            host = container.getHost();
            port = container.getAmqpPort();
            user = container.getAdminUsername();
            password = container.getAdminPassword();
            source = "Testcontainers, image " + container.getDockerImageName();
        }
        report("RabbitMQ", host, port, source);
        return Map.of("spring.rabbitmq.host", host, "spring.rabbitmq.port", String.valueOf(port),
                "spring.rabbitmq.username", user, "spring.rabbitmq.password", password);
    }

    /** Each step on its own, so that one that fails leaves the others to do their part. */
    private static void cleanUp() {
        Map<String, String> props = properties;
        step("delete the test queues", () -> deleteQueues(props));
        step("drop the test database", () -> dropDatabase(props));
        // a module whose service uses no Redis (queue-worker) has no Redis client, and wrote no keys
        if (ClassUtils.isPresent("org.redisson.Redisson", TestInfrastructure.class.getClassLoader())) {
            step("delete the test keys", () -> RedisCleanUp.deleteRunKeys(props));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String what, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println("test clean-up: could not " + what + ": " + e);
        }
    }

    private static void dropDatabase(Map<String, String> props) throws SQLException {
        try (Connection connection = DriverManager.getConnection(props.get("test.postgres.admin-url"),
                props.get("spring.datasource.username"), props.get("spring.datasource.password"));
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE_PREFIX + RUN_ID + " WITH (FORCE)");
        }
    }

    private static void deleteQueues(Map<String, String> props)
            throws IOException, TimeoutException, InterruptedException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(props.get("spring.rabbitmq.host"));
        factory.setPort(Integer.parseInt(props.get("spring.rabbitmq.port")));
        factory.setUsername(props.get("spring.rabbitmq.username"));
        factory.setPassword(props.get("spring.rabbitmq.password"));
        MessagingProperties names = messaging();
        Set<String> queues = new TreeSet<>(DECLARED_QUEUES);
        // the common topology also when no application got as far as telling DeclaredQueues (one whose
        // start failed after RabbitAdmin declared it)
        queues.addAll(List.of(names.commandQueue(), names.dueExpiryQueue(), names.deadLetterQueue(),
                names.cacheOutcomeQueue()));
        try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
            awaitNoConsumers(connection, queues);
            com.rabbitmq.client.Channel channel = connection.createChannel();
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
            // the expiry queues of the hold lifetimes tests use, at every parking lag; any other one
            // RabbitMQ deletes itself an hour after its last hold (x-expires)
            for (long lifetime : TEST_HOLD_LIFETIMES) {
                for (String queue : holdExpiryQueues(names, lifetime)) {
                    channel.queueDelete(queue);
                }
            }
            channel.exchangeDelete(names.deadLetterExchange());
            channel.exchangeDelete(names.outcomeExchange());
        }
    }

    /**
     * The applications of the JVM close in shutdown hooks of their own, at the same time as this one,
     * and a listener container whose queue is deleted under it declares the queue again: so the
     * queues are deleted once their consumers are gone (or after ten seconds).
     */
    private static void awaitNoConsumers(com.rabbitmq.client.Connection connection, Set<String> queues)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && consumers(connection, queues) > 0) {
            Thread.sleep(100);
        }
    }

    private static long consumers(com.rabbitmq.client.Connection connection, Set<String> queues) throws IOException {
        long consumers = 0;
        for (String queue : queues) {
            // a passive declare of a queue that is not there closes its channel: one channel each
            com.rabbitmq.client.Channel channel = connection.createChannel();
            try {
                consumers += channel.queueDeclarePassive(queue).getConsumerCount();
                channel.close();
            } catch (IOException | TimeoutException e) {
                // not there (its channel is closed already): nobody consumes it
            }
        }
        return consumers;
    }

    /** One line per service and test JVM: where it is, and whether Testcontainers started it. */
    private static void report(String service, String host, int port, String source) {
        System.out.println("test infrastructure: " + service + " at " + host + ":" + port + " (" + source + ")");
    }

    private static void requireDocker(String service, String host, int port) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException(service + " does not answer at " + host + ":" + port
                    + " and no Docker engine is available for Testcontainers: start " + service
                    + " or set the address in the environment");
        }
    }

    static boolean reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Apart, so that its Redisson classes are loaded only where Redisson is on the class path. */
    private static final class RedisCleanUp {

        static void deleteRunKeys(Map<String, String> props) {
            Config config = new Config();
            config.useSingleServer().setAddress(
                    "redis://" + props.get("spring.data.redis.host") + ":" + props.get("spring.data.redis.port"));
            String redisPassword = props.get("spring.data.redis.password");
            if (!redisPassword.isEmpty()) {
                config.useSingleServer().setPassword(redisPassword);
            }
            RedissonClient redisson = Redisson.create(config);
            try {
                redisson.getKeys().deleteByPattern(redisKeyPrefix() + "*");
            } finally {
                redisson.shutdown();
            }
        }
    }
}
