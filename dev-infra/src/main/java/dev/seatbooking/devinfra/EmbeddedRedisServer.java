package dev.seatbooking.devinfra;

import java.io.IOException;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/** A real redis-server (the binary embedded-redis ships), on localhost, keeping nothing on disk. */
final class EmbeddedRedisServer implements AutoCloseable {

    private final RedisServer redis;

    private EmbeddedRedisServer(RedisServer redis) {
        this.redis = redis;
    }

    static EmbeddedRedisServer start(int port, String password, Path directory) throws IOException {
        RedisServer redis = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("dir " + directory)
                .settingIf(!password.isEmpty(), "requirepass " + password)
                .build();
        redis.start();
        return new EmbeddedRedisServer(redis);
    }

    @Override
    public void close() throws IOException {
        redis.stop();
    }
}
