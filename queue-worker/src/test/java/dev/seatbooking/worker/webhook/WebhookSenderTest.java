package dev.seatbooking.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.seatbooking.common.webhook.WebhookProperties;
import dev.seatbooking.common.webhook.WebhookSignature;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** One attempt against a real local receiver: what is sent, and how a bad receiver is cut short. */
class WebhookSenderTest {

    private static final String SECRET = WebhookSignature.newSecret();

    private static final WebhookDeliveryProperties SETTINGS = new WebhookDeliveryProperties(2, Duration.ofMillis(200),
            Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(1000), DataSize.ofKilobytes(4),
            Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofHours(24), 10, Duration.ofDays(7));

    private HttpServer server;
    private final Map<String, Map<String, List<String>>> headersByPath = new ConcurrentHashMap<>();
    private final Map<String, String> bodiesByPath = new ConcurrentHashMap<>();

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        server.stop(0);
    }

    @Test
    void aCallCarriesTheStandardWebhooksHeadersAndTheBody() {
        answer("/ok", exchange -> respond(exchange, 204, new byte[0]));

        WebhookSender.Result result = sender(true).send(url("/ok"), SECRET, "msg-1", "{\"a\":1}");

        assertThat(result.delivered()).isTrue();
        assertThat(result.responseCode()).isEqualTo(204);
        Map<String, List<String>> headers = headersByPath.get("/ok");
        String timestamp = headers.get("Webhook-timestamp").get(0);
        assertThat(headers.get("Webhook-id")).containsExactly("msg-1");
        assertThat(headers.get("Webhook-signature"))
                .containsExactly(WebhookSignature.sign(SECRET, "msg-1", Long.parseLong(timestamp), "{\"a\":1}"));
        assertThat(headers.get("Content-type").get(0)).startsWith("application/json");
        assertThat(bodiesByPath.get("/ok")).isEqualTo("{\"a\":1}");
    }

    @Test
    void anAnswerOtherThan2xxIsAFailureWithItsCode() {
        answer("/down", exchange -> respond(exchange, 503, "busy".getBytes(StandardCharsets.UTF_8)));

        WebhookSender.Result result = sender(true).send(url("/down"), SECRET, "msg-2", "{}");

        assertThat(result.delivered()).isFalse();
        assertThat(result.responseCode()).isEqualTo(503);
    }

    @Test
    void aRedirectIsNotFollowed() {
        answer("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            respond(exchange, 302, new byte[0]);
        });

        WebhookSender.Result result = sender(true).send(url("/moved"), SECRET, "msg-3", "{}");

        assertThat(result.delivered()).isFalse();
        assertThat(result.responseCode()).isEqualTo(302);
    }

    @Test
    void aPrivateAddressIsRefusedAtConnectionTime() {
        answer("/ok", exchange -> respond(exchange, 204, new byte[0]));

        WebhookSender.Result result = sender(false).send(url("/ok"), SECRET, "msg-4", "{}");

        assertThat(result.delivered()).isFalse();
        assertThat(result.responseCode()).isNull();
        assertThat(result.error()).contains("non-public address");
        assertThat(headersByPath).isEmpty();
    }

    @Test
    void aHugeAnswerIsCutOffAtTheCapAndStillCounts() {
        answer("/huge", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 16 * 1024; i++) { // 1 GiB, unless the client stops reading
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the client hung up at its cap
            }
        });

        WebhookSender.Result result = sender(true).send(url("/huge"), SECRET, "msg-5", "{}");

        // reading it all would outlast the attempt's deadline (1.5 s), and the attempt would fail
        assertThat(result.delivered()).isTrue();
    }

    @Test
    void aReceiverTricklingItsAnswerIsAbortedAtTheDeadline() {
        answer("/slow", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) { // one byte every 100 ms: no read ever times out
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        });

        long start = System.nanoTime();
        WebhookSender.Result result = sender(true).send(url("/slow"), SECRET, "msg-6", "{}");

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).contains("no answer within 1500 ms");
        // the receiver would trickle for 10 s
        assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(8));
    }

    @Test
    void aNameServerThatDoesNotAnswerCostsTheAttemptItsConnectTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        DnsResolver hanging = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new UnknownHostException(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return resolve(host)[0].getCanonicalHostName();
            }
        };
        WebhookSender sender = new WebhookSender(SETTINGS, new WebhookProperties(true), hanging);
        try {
            long start = System.nanoTime();
            WebhookSender.Result result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> sender.send("http://receiver.invalid/hook", SECRET, "msg-7", "{}"));

            assertThat(result.delivered()).isFalse();
            assertThat(result.responseCode()).isNull();
            assertThat(result.error()).contains("did not resolve within 500 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            never.countDown();
        }
    }

    private WebhookSender sender(boolean allowPrivate) {
        return new WebhookSender(SETTINGS, new WebhookProperties(allowPrivate));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void answer(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            headersByPath.put(path, Map.copyOf(exchange.getRequestHeaders()));
            bodiesByPath.put(path, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            handler.handle(exchange);
            exchange.close();
        });
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
