package dev.seatbooking.devinfra;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (zonky's binaries from Maven Central), with trust authentication on localhost,
 * the suite's database and, unless it is {@code postgres}, the suite's user as a superuser. Its data
 * lives in the given directory and is gone when it stops: a trial starts empty.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start(int port, String database, String user, Path directory)
            throws IOException, SQLException {
        // zonky keeps a lock directory per instance under this path; the default, a fixed
        // directory in /tmp, may belong to another user
        System.setProperty("ot.epg.working-dir", directory.resolve("instances").toString());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setOverrideWorkingDirectory(directory.resolve("binaries").toFile())
                .setDataDirectory(directory.resolve("data"))
                // DevInfrastructure deletes the whole directory once every server has stopped
                .setCleanDataDirectory(false)
                // the first start unpacks the binaries, which takes a while on a slow disk
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            if (!SUPERUSER.equals(user)) {
                statement.execute("CREATE ROLE " + identifier(user) + " LOGIN SUPERUSER");
            }
            statement.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(user));
        } catch (SQLException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
