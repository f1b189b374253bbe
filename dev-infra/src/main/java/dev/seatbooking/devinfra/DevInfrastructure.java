package dev.seatbooking.devinfra;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * Starts an embedded PostgreSQL and Redis, those named on the command line ({@code postgres},
 * {@code redis}; both when none is named), on the ports the services are configured for, and keeps
 * them until this JVM is stopped (SIGTERM, Ctrl-C) or the process that started it exits.
 * {@code ./run.sh} uses it for what does not answer at the configured addresses, so that the suite
 * can be tried without installing either. Not for production: the data is gone when it stops.
 */
public final class DevInfrastructure implements AutoCloseable {

    enum Server { POSTGRES, REDIS }

    private final Path directory;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    private DevInfrastructure(Path directory) {
        this.directory = directory;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<DevInfrastructure> launched = launch(args, System.getenv(),
                Files.createTempDirectory("seat-booking-dev-infra-"), System.out, System.err);
        if (launched.isEmpty()) {
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(launched.get()::close, "dev-infra-stop"));
        // run.sh stops this process with the suite; should run.sh die without its clean-up, the
        // servers must not outlive it and keep the ports
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        new CountDownLatch(1).await();
    }

    /** Starts what the arguments name, configured by the environment; says what runs, or why nothing does. */
    static Optional<DevInfrastructure> launch(String[] args, Map<String, String> env, Path directory,
            PrintStream out, PrintStream err) {
        try {
            Set<Server> servers = servers(args);
            Settings settings = Settings.from(env);
            DevInfrastructure infrastructure = start(servers, settings, directory);
            out.println("dev-infra: ready: " + describe(servers, settings));
            return Optional.of(infrastructure);
        } catch (Exception e) {
            err.println("dev-infra: could not start: " + rootCause(e));
            return Optional.empty();
        }
    }

    static Set<Server> servers(String... names) {
        if (names.length == 0) {
            return EnumSet.allOf(Server.class);
        }
        Set<Server> servers = EnumSet.noneOf(Server.class);
        for (String name : names) {
            try {
                servers.add(Server.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown server '" + name + "': use postgres or redis", e);
            }
        }
        return servers;
    }

    /** Starts the servers one after the other; if one fails, those already running are stopped. */
    static DevInfrastructure start(Set<Server> servers, Settings settings, Path directory) throws Exception {
        DevInfrastructure infrastructure = new DevInfrastructure(directory);
        try {
            for (Server server : servers) {
                infrastructure.running.push(infrastructure.start(server, settings));
            }
        } catch (Exception e) {
            infrastructure.close();
            throw e;
        }
        return infrastructure;
    }

    private AutoCloseable start(Server server, Settings settings) throws Exception {
        Path home = Files.createDirectories(directory.resolve(server.name().toLowerCase(Locale.ROOT)));
        return switch (server) {
            case POSTGRES -> EmbeddedPostgresServer.start(settings.dbPort(), settings.dbName(), settings.dbUser(), home);
            case REDIS -> EmbeddedRedisServer.start(settings.redisPort(), settings.redisPassword(), home);
        };
    }

    private static String describe(Set<Server> servers, Settings settings) {
        return String.join(", ", servers.stream().map(server -> switch (server) {
            case POSTGRES -> "PostgreSQL on localhost:" + settings.dbPort() + " (database " + settings.dbName()
                    + ", user " + settings.dbUser() + ", no password needed)";
            case REDIS -> "Redis on localhost:" + settings.redisPort();
        }).toList());
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause == e ? e.toString() : e + " (cause: " + cause + ")";
    }

    /** Stops the servers in reverse order and deletes their data; safe to call twice. */
    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                System.err.println("dev-infra: stopping a server failed: " + e);
            }
        }
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("dev-infra: could not delete " + directory + ": " + e);
            }
        }
    }
}
