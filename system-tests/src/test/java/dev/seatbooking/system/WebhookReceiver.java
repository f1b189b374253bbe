package dev.seatbooking.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;

/**
 * A webhook receiver as a seller would run one: it checks each call's Standard Webhooks signature
 * (its own check, written from the specification), answers 2xx, and can be told to fail (500), to
 * hang (answer nothing until told to answer again) or be down (its port closed) for a while. It
 * answers calls at once, each on its own thread, and keeps every call it accepted, duplicates included.
 */
final class WebhookReceiver implements AutoCloseable {

    /** An accepted call. */
    record Call(String id, String type, JsonPath body) {

        long eventId() {
            return body.getLong("data.event_id");
        }

        /** The booking (or hold: the same id), waiting-list entry or event the call is about. */
        String subject() {
            if (type.startsWith("waitlist.")) {
                return "waitlist:" + body.getLong("data.id");
            }
            return type.equals("event.sold_out") ? "event:" + body.getLong("data.event_id") : "booking:" + body.getLong("data.id");
        }
    }

    private final int port;
    private final List<Call> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile boolean alwaysFail;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private volatile String secret;
    private HttpServer server;

    WebhookReceiver() {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    /** The subscription's secret, once it is created (calls before that are refused). */
    void trust(String secret) {
        this.secret = secret;
    }

    void failNext(int count) {
        failuresLeft.set(count);
    }

    void failAlways() {
        alwaysFail = true;
    }

    /** Calls from now on get no answer until {@link #answer}; then a 503, the caller long gone. */
    void hang() {
        hang = new CountDownLatch(1);
    }

    void answer() {
        hang.countDown();
    }

    synchronized void stop() {
        server.stop(0);
        server = null;
    }

    synchronized void start() {
        server = listen(port);
    }

    /** Calls received, answered or not. */
    int calls() {
        return calls.get();
    }

    int badSignatures() {
        return badSignatures.get();
    }

    List<Call> accepted() {
        return List.copyOf(accepted);
    }

    /**
     * The calls about the given events once duplicates (a redelivered id) are dropped, grouped by
     * subject in the order they first came: what the subscriber knows once it de-duplicates.
     */
    Map<String, List<String>> typesBySubject(long... eventIds) {
        Map<String, List<String>> bySubject = new LinkedHashMap<>();
        List<String> seen = new ArrayList<>();
        for (Call call : accepted) {
            if (seen.contains(call.id()) || java.util.Arrays.stream(eventIds).noneMatch(id -> id == call.eventId())) {
                continue;
            }
            seen.add(call.id());
            bySubject.computeIfAbsent(call.subject(), subject -> new ArrayList<>()).add(call.type());
        }
        return bySubject;
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
            created.createContext("/hooks", this::handle);
            created.setExecutor(handlers);
            created.start();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("Webhook-Id");
            String timestamp = exchange.getRequestHeaders().getFirst("Webhook-Timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("Webhook-Signature");
            if (!signedBySecret(id, timestamp, body, signatures)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            CountDownLatch hung = hang;
            if (hung.getCount() > 0) {
                awaitAnswer(hung);
                try {
                    exchange.sendResponseHeaders(503, -1);
                } catch (IOException callerGone) {
                    // it stopped waiting at its response timeout
                }
                return;
            }
            if (alwaysFail || failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            JsonPath json = JsonPath.from(body);
            if (!id.equals(json.getString("id"))) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            accepted.add(new Call(id, json.getString("type"), json));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private static void awaitAnswer(CountDownLatch hung) {
        try {
            hung.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The Standard Webhooks check: a recent timestamp, and one of the v1 signatures matching. */
    private boolean signedBySecret(String id, String timestamp, String body, String signatures) {
        String key = secret;
        if (key == null || id == null || timestamp == null || signatures == null
                || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String signature : signatures.split(" ")) {
                if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(signature.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        answer();
        if (server != null) {
            server.stop(0);
        }
        handlers.shutdownNow();
    }
}
