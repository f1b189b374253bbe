package dev.seatbooking.devinfra;

import java.util.Map;

/**
 * Where the embedded servers listen and whom they let in: the environment variables the services
 * read (.env.example), with the same defaults, so that the services find them without any setting.
 */
record Settings(int dbPort, String dbName, String dbUser, int redisPort, String redisPassword) {

    static Settings from(Map<String, String> env) {
        return new Settings(
                port(env, "DB_PORT", 5432),
                value(env, "DB_NAME", "booking_system"),
                value(env, "DB_USER", "postgres"),
                port(env, "REDIS_PORT", 6379),
                value(env, "REDIS_PASSWORD", ""));
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = value(env, name, String.valueOf(fallback)).trim();
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below, with the variable's name
        }
        throw new IllegalArgumentException(name + " must be a TCP port (1-65535), not '" + value + "'");
    }
}
