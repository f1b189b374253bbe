package dev.seatbooking.worker.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.seatbooking.common.webhook.WebhookAddresses;
import dev.seatbooking.common.webhook.WebhookProperties;
import dev.seatbooking.common.webhook.WebhookSignature;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Makes one webhook call: a signed POST (the Standard Webhooks headers), bounded in time and in what
 * it reads back. It connects only to public addresses (unless WEBHOOK_ALLOW_PRIVATE): the check is
 * in the client's DNS resolver, so it applies to the very addresses the connection uses, whatever
 * the name resolved to when the subscription was made; a lookup gets WEBHOOK_CONNECT_TIMEOUT, so that
 * a name server that does not answer holds up no delivery thread longer. Redirects are not followed: one could lead
 * anywhere, and a receiver that moved can say so by being registered anew.
 */
@Component
class WebhookSender implements DisposableBean {

    /** What an attempt came to: the receiver's status code if it answered, and why it failed if it did. */
    record Result(Integer responseCode, String error) {

        boolean delivered() {
            return error == null && responseCode != null && responseCode >= 200 && responseCode < 300;
        }
    }

    private static final String USER_AGENT = "seat-booking-webhooks/1";

    private final CloseableHttpClient client;
    private final long maxResponseBytes;
    private final long deadlineMillis;
    /** Aborts an attempt at its deadline: a receiver trickling its answer would outlast any socket timeout. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "webhook-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Runs the name lookups: neither the attempt's deadline nor its cancel interrupts one, and a name
     * server that does not answer keeps the system resolver retrying for seconds.
     */
    private final ExecutorService lookups = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "webhook-dns");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    WebhookSender(WebhookDeliveryProperties delivery, WebhookProperties webhooks) {
        this(delivery, webhooks, SystemDefaultDnsResolver.INSTANCE);
    }

    /** {@code dns}: the name lookups, each given WEBHOOK_CONNECT_TIMEOUT (a test passes one that hangs). */
    WebhookSender(WebhookDeliveryProperties delivery, WebhookProperties webhooks, DnsResolver dns) {
        boolean allowPrivate = webhooks.allowPrivate();
        Duration lookupTimeout = delivery.connectTimeout();
        DnsResolver publicOnly = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = lookUp(dns, host, lookupTimeout);
                for (InetAddress address : addresses) {
                    if (!allowPrivate && !WebhookAddresses.isPublic(address)) {
                        throw new UnknownHostException(host + " resolves to a non-public address");
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return dns.resolveCanonicalHostname(host);
            }
        };
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(publicOnly)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(delivery.connectTimeout()))
                                .setSocketTimeout(Timeout.of(delivery.responseTimeout()))
                                .build())
                        .setMaxConnTotal(delivery.concurrency() * 2)
                        .setMaxConnPerRoute(delivery.concurrency())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(delivery.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build();
        this.maxResponseBytes = delivery.maxResponseSize().toBytes();
        this.deadlineMillis = delivery.connectTimeout().plus(delivery.responseTimeout()).toMillis();
    }

    Result send(String url, String secret, String messageId, String body) {
        long timestamp = Instant.now().getEpochSecond();
        HttpPost post = new HttpPost(url);
        post.setHeader("Webhook-Id", messageId);
        post.setHeader("Webhook-Timestamp", String.valueOf(timestamp));
        post.setHeader("Webhook-Signature", WebhookSignature.sign(secret, messageId, timestamp, body));
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        // set by the deadline before it aborts the call: an aborted read may end like a whole answer
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            late.set(true);
            post.cancel();
        }, deadlineMillis, TimeUnit.MILLISECONDS);
        Integer code = null;
        try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            code = response.getCode();
            skipCapped(response.getEntity(), post);
        } catch (IOException | RuntimeException e) {
            if (!late.get() && (code == null || !post.isCancelled())) {
                return new Result(code, describe(e));
            }
            // else aborted at the deadline, or cut off at the size cap once the receiver had answered
        } finally {
            deadline.cancel(false);
        }
        return late.get() ? new Result(code, "no answer within " + deadlineMillis + " ms") : new Result(code, null);
    }

    private InetAddress[] lookUp(DnsResolver dns, String host, Duration timeout) throws UnknownHostException {
        Future<InetAddress[]> lookup = lookups.submit(() -> dns.resolve(host));
        try {
            return lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new UnknownHostException(host + " did not resolve within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(host + " did not resolve: " + e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + " was not resolved: interrupted");
        }
    }

    /**
     * Reads the answer, so that the connection can be kept, up to the cap; beyond it the call is
     * aborted, which drops the connection rather than read the rest.
     */
    private void skipCapped(HttpEntity entity, HttpPost post) throws IOException {
        if (entity == null) {
            return;
        }
        InputStream in = entity.getContent();
        byte[] buffer = new byte[8192];
        long read = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            read += n;
            if (read > maxResponseBytes) {
                post.cancel();
                return;
            }
        }
        in.close();
    }

    private static String describe(Exception e) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.length() <= 255 ? message : message.substring(0, 255);
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        lookups.shutdownNow();
        client.close();
    }
}
