package dev.seatbooking.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import dev.seatbooking.common.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The worker as it is deployed: started like main() does, probed and scraped over HTTP. */
class QueueWorkerApplicationTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsReadyAndExposesItsMetrics() throws Exception {
        // as command-line arguments, since they must win over queue-worker.yml and common.yml
        String[] arguments = Stream.concat(TestInfrastructure.properties().entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue()),
                Stream.of("--server.port=0"))
                .toArray(String[]::new);
        try (ConfigurableApplicationContext worker = QueueWorkerApplication.application().run(arguments)) {
            String base = "http://localhost:" + worker.getEnvironment().getProperty("local.server.port");

            HttpResponse<String> readiness = get(base + "/actuator/health/readiness");
            HttpResponse<String> prometheus = get(base + "/actuator/prometheus");

            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"", "\"db\"", "\"rabbit\"").doesNotContain("redis");
            assertThat(prometheus.statusCode()).isEqualTo(200);
            assertThat(prometheus.body()).contains("booking_worker_batch_commit_seconds_bucket",
                    "booking_worker_batch_size_commands", "booking_worker_commit_lag_seconds_bucket",
                    "booking_queue_messages{", "booking_queue_consumers{", "service=\"queue-worker\"");
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
