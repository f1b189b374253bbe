package dev.seatbooking.cache.hold;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.redisson.api.BatchOptions;
import org.redisson.api.BatchOptions.ExecutionMode;
import org.redisson.api.RBatch;
import org.redisson.api.RScript;
import org.redisson.api.RScript.Mode;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.codec.StringCodec;
import org.springframework.core.io.ClassPathResource;

/**
 * A Lua script called by its SHA-1, so a call sends 40 bytes instead of the whole source. Redis
 * forgets loaded scripts when it restarts or its script cache is flushed; the first call after that
 * gets NOSCRIPT, loads the script again and retries once.
 */
final class LuaScript {

    /** One call of a script, sent with others in one round trip by {@link #callAll}. */
    record Call(LuaScript script, ReturnType returnType, List<Object> keys, Object... args) {
    }

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

    /**
     * Sends the calls pipelined, in one round trip; Redis still runs each script atomically, in
     * order, and the answers come in the order of the calls. When Redis forgot a script, the scripts
     * are loaded again and the whole pipeline is sent once more, so every script sent this way must
     * give the same answer when repeated.
     */
    static List<?> callAll(RedissonClient redisson, List<Call> calls) {
        return callAll(redisson, calls, BatchOptions.defaults());
    }

    /**
     * As {@link #callAll}, in one MULTI/EXEC: no other client sees Redis between two of the calls.
     * A script Redis forgot fails alone inside it, so the calls that ran are sent again with the rest.
     */
    static List<?> callAllAtOnce(RedissonClient redisson, List<Call> calls) {
        return callAll(redisson, calls, BatchOptions.defaults().executionMode(ExecutionMode.IN_MEMORY_ATOMIC));
    }

    private static List<?> callAll(RedissonClient redisson, List<Call> calls, BatchOptions options) {
        try {
            return pipeline(redisson, calls, options);
        } catch (RedisException e) {
            if (!isNoScript(e)) {
                throw e;
            }
            calls.stream().map(Call::script).distinct().forEach(LuaScript::load);
            return pipeline(redisson, calls, options);
        }
    }

    private static List<?> pipeline(RedissonClient redisson, List<Call> calls, BatchOptions options) {
        RBatch batch = redisson.createBatch(options);
        RScriptAsync scripts = batch.getScript(StringCodec.INSTANCE);
        for (Call call : calls) {
            scripts.evalShaAsync(Mode.READ_WRITE, call.script().sha, call.returnType(), call.keys(), call.args());
        }
        return batch.execute().getResponses();
    }

    private static boolean isNoScript(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisNoScriptException
                    || (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT"))) {
                return true;
            }
        }
        return false;
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
