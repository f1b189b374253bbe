package dev.seatbooking.cache.hold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;
import org.springframework.core.io.ClassPathResource;

/**
 * A Lua script called by its SHA-1, so a call sends 40 bytes instead of the whole source. Redis
 * forgets loaded scripts when it restarts or its script cache is flushed; the first call after that
 * gets NOSCRIPT, loads the script again and retries once.
 */
final class LuaScript {

    private final RScript redis;
    private final String source;
    private final String sha;

    LuaScript(RedissonClient redisson, String source) {
        this.redis = redisson.getScript(StringCodec.INSTANCE);
        this.source = source;
        // Redis names a script by the SHA-1 of its text, so the name is known before it is loaded
        this.sha = sha1(source);
    }

    static LuaScript fromClasspath(RedissonClient redisson, String path) {
        try {
            return new LuaScript(redisson, new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Lua script " + path, e);
        }
    }

    void load() {
        redis.scriptLoad(source);
    }

    <R> R call(ReturnType returnType, List<Object> keys, Object... args) {
        try {
            return redis.evalSha(Mode.READ_WRITE, sha, returnType, keys, args);
        } catch (RedisNoScriptException e) {
            load();
            return redis.evalSha(Mode.READ_WRITE, sha, returnType, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-1", e);
        }
    }
}
