package dev.seatbooking.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.seatbooking.booking.BookingServiceApplication;
import dev.seatbooking.cache.CacheServiceApplication;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import dev.seatbooking.worker.QueueWorkerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services, started once per test JVM on random ports against this run's slice of the
 * real PostgreSQL, Redis and RabbitMQ, wired to each other exactly as in production (HTTP from
 * booking-service to cache-service, RabbitMQ between booking-service, queue-worker and cache-service).
 */
final class RunningSuite {

    private static RunningSuite instance;

    final ConfigurableApplicationContext cacheService;
    final ConfigurableApplicationContext queueWorker;
    final ConfigurableApplicationContext bookingService;

    private RunningSuite() {
        cacheService = start(CacheServiceApplication.application(), Map.of());
        queueWorker = start(QueueWorkerApplication.application(), Map.of());
        bookingService = start(BookingServiceApplication.application(),
                Map.of("booking.cache-service.url", "http://localhost:" + port(cacheService)));
    }

    static synchronized RunningSuite get() {
        if (instance == null) {
            instance = new RunningSuite();
        }
        return instance;
    }

    int bookingPort() {
        return port(bookingService);
    }

    int cachePort() {
        return port(cacheService);
    }

    int workerPort() {
        return port(queueWorker);
    }

    private static ConfigurableApplicationContext start(SpringApplicationBuilder application,
            Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(TestInfrastructure.properties());
        properties.put("server.port", "0");
        properties.putAll(extra);
        // command-line arguments outrank the services' own config files, as an operator's would
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        return application.run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
