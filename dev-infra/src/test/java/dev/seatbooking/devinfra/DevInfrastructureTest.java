package dev.seatbooking.devinfra;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.devinfra.DevInfrastructure.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DevInfrastructureTest {

    @TempDir
    Path temp;

    @Test
    void postgresAndRedisServeTheConfiguredDatabaseUserAndPasswordUntilClosed() throws Exception {
        int dbPort = freePort();
        int redisPort = freePort();
        Map<String, String> env = Map.of("DB_PORT", String.valueOf(dbPort), "DB_NAME", "trial_db",
                "DB_USER", "trial", "REDIS_PORT", String.valueOf(redisPort), "REDIS_PASSWORD", "s3cret");
        Path directory = Files.createDirectory(temp.resolve("infra"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (DevInfrastructure infrastructure = DevInfrastructure.launch(new String[0], env, directory,
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err).orElseThrow()) {
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("dev-infra: ready: PostgreSQL on localhost:"
                    + dbPort + " (database trial_db, user trial, no password needed), Redis on localhost:"
                    + redisPort + System.lineSeparator());
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + dbPort + "/trial_db", "trial", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE seats (id int PRIMARY KEY)");
                try (ResultSet rs = statement.executeQuery("SELECT current_user, current_database(), version()")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("trial");
                    assertThat(rs.getString(2)).isEqualTo("trial_db");
                    assertThat(rs.getString(3)).startsWith("PostgreSQL 18.");
                }
            }
            assertThat(redis(redisPort, "PING")).startsWith("-NOAUTH");
            assertThat(redis(redisPort, "AUTH s3cret", "PING")).isEqualTo("+PONG");
        }

        assertThat(answers(dbPort)).isFalse();
        assertThat(answers(redisPort)).isFalse();
        assertThat(directory).doesNotExist();
    }

    @Test
    void aServerThatCannotStartStopsTheOnesAlreadyRunning() throws Exception {
        int dbPort = freePort();
        Path directory = Files.createDirectory(temp.resolve("infra"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            Settings settings = Settings.from(Map.of("DB_PORT", String.valueOf(dbPort),
                    "REDIS_PORT", String.valueOf(taken.getLocalPort())));

            assertThatThrownBy(() -> DevInfrastructure.start(EnumSet.allOf(Server.class), settings, directory))
                    .isInstanceOf(IOException.class);
        }
        assertThat(answers(dbPort)).isFalse();
        assertThat(directory).doesNotExist();
    }

    @Test
    void serversAreNamedOnTheCommandLineAndAllByDefault() {
        assertThat(DevInfrastructure.servers()).containsExactly(Server.POSTGRES, Server.REDIS);
        assertThat(DevInfrastructure.servers("redis")).containsExactly(Server.REDIS);
        assertThatThrownBy(() -> DevInfrastructure.servers("rabbitmq"))
                .hasMessage("unknown server 'rabbitmq': use postgres or redis");
    }

    @Test
    void settingsHaveTheServicesDefaultsAndRejectABadPort() {
        assertThat(Settings.from(Map.of("DB_PASSWORD", "ignored", "REDIS_PORT", " ")))
                .isEqualTo(new Settings(5432, "booking_system", "postgres", 6379, ""));
        assertThatThrownBy(() -> Settings.from(Map.of("DB_PORT", "70000")))
                .hasMessage("DB_PORT must be a TCP port (1-65535), not '70000'");
        assertThatThrownBy(() -> Settings.from(Map.of("REDIS_PORT", "six")))
                .hasMessage("REDIS_PORT must be a TCP port (1-65535), not 'six'");
    }

    @Test
    void aLaunchThatCannotStartSaysWhyAndStartsNothing() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(DevInfrastructure.launch(new String[] {"redis"}, Map.of("REDIS_PORT", "0"), temp,
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("dev-infra: could not start: "
                + "java.lang.IllegalArgumentException: REDIS_PORT must be a TCP port (1-65535), not '0'"
                + System.lineSeparator());

        err.reset();
        assertThat(DevInfrastructure.launch(new String[] {"rabbitmq"}, Map.of(), temp,
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8))).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("dev-infra: could not start: "
                + "java.lang.IllegalArgumentException: unknown server 'rabbitmq': use postgres or redis "
                + "(cause: java.lang.IllegalArgumentException: No enum constant "
                + "dev.seatbooking.devinfra.DevInfrastructure.Server.RABBITMQ)" + System.lineSeparator());
    }

    /**
     * {@code main} as ./run.sh starts it: it serves until it is stopped (SIGTERM, as ./run.sh stops
     * it), then frees its port and deletes its data.
     */
    @Test
    void theProcessServesUntilStoppedThenFreesItsPort() throws Exception {
        int redisPort = freePort();
        Process process = devInfra(List.of("redis"), redisPort);
        try {
            awaitReady(process);
            assertThat(redis(redisPort, "PING")).isEqualTo("+PONG");

            process.destroy();

            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(answers(redisPort)).isFalse();
        } finally {
            process.destroyForcibly();
        }
    }

    /** Should ./run.sh die without its clean-up, the servers must not outlive it and keep the ports. */
    @Test
    void theProcessStopsWhenTheProcessThatStartedItDies() throws Exception {
        int redisPort = freePort();
        Path stop = temp.resolve("stop-the-parent");
        // a shell that starts dev-infra, as ./run.sh does, and dies once told to
        List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" & while [ ! -e '" + stop
                + "' ]; do sleep 0.1; done", "parent"));
        command.addAll(javaCommand(List.of("redis")));
        Process parent = start(command, redisPort);
        try {
            awaitReady(parent);
            ProcessHandle devInfra = parent.toHandle().children().findFirst().orElseThrow();
            assertThat(redis(redisPort, "PING")).isEqualTo("+PONG");

            Files.createFile(stop);

            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(devInfra.onExit()).succeedsWithin(Duration.ofSeconds(30));
            assertThat(answers(redisPort)).isFalse();
        } finally {
            parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly();
        }
    }

    @Test
    void aProcessThatCannotStartSaysWhyAndExitsWithOne() throws Exception {
        Process process = devInfra(List.of("rabbitmq"), freePort());
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isOne();
            assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("dev-infra: could not start: java.lang.IllegalArgumentException: unknown server 'rabbitmq'");
        } finally {
            process.destroyForcibly();
        }
    }

    private Process devInfra(List<String> args, int redisPort) throws IOException {
        return start(javaCommand(args), redisPort);
    }

    private Process start(List<String> command, int redisPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REDIS_PORT", String.valueOf(redisPort));
        builder.environment().remove("REDIS_PASSWORD");
        builder.environment().put("TMPDIR", temp.toString());
        return builder.start();
    }

    /** This JVM's java, class path and coverage agent, running DevInfrastructure's main. */
    private static List<String> javaCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(argument -> argument.startsWith("-javaagent:") && argument.contains("jacoco"))
                .forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                DevInfrastructure.class.getName()));
        command.addAll(args);
        return command;
    }

    private static void awaitReady(Process process) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            if (line.startsWith("dev-infra: ready")) {
                return;
            }
        }
        throw new AssertionError("dev-infra ended without saying it is ready");
    }

    /** The last reply line of a few inline Redis commands sent on one connection. */
    private static String redis(int port, String... commands) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String reply = null;
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                reply = in.readLine();
            }
            return reply;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
