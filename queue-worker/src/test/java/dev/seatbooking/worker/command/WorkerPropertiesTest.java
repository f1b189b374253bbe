package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

class WorkerPropertiesTest {

    @Test
    void queueWorkerYmlHoldsTheDefaults() throws IOException {
        WorkerProperties worker = bind(Map.of());

        assertThat(worker).isEqualTo(new WorkerProperties(50, 2, 100, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(1)));
    }

    @Test
    void environmentVariablesOverrideThem() throws IOException {
        WorkerProperties worker = bind(Map.of("WORKER_BATCH_SIZE", "500", "WORKER_CONCURRENCY", "4",
                "WORKER_PREFETCH", "1000", "WORKER_RECEIVE_TIMEOUT", "5ms", "WORKER_BATCH_RECEIVE_TIMEOUT", "1s",
                "WORKER_RETRY_INITIAL_BACKOFF", "1s", "WORKER_RETRY_MAX_BACKOFF", "1m", "WORKER_CONFIRM_TIMEOUT", "2s",
                "WORKER_HOLD_SWEEP_INTERVAL", "3s", "WORKER_HOLD_SWEEP_GRACE", "0s"));

        assertThat(worker).isEqualTo(new WorkerProperties(500, 4, 1000, Duration.ofMillis(5), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ZERO));
    }

    @Test
    void valuesThatCannotWorkAreRefusedAtStartUp() {
        Duration second = Duration.ofSeconds(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkerProperties(0, 1, 1, second, second, second, second, second, second, second))
                .withMessage("booking.worker.batch-size must be at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkerProperties(1, 0, 1, second, second, second, second, second, second, second))
                .withMessage("booking.worker.concurrency must be at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkerProperties(100, 2, 99, second, second, second, second, second, second, second))
                .withMessage("booking.worker.prefetch must be at least batch-size");
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkerProperties(1, 1, 1, Duration.ZERO, second, second, second, second, second, second))
                .withMessage("booking.worker.receive-timeout must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkerProperties(1, 1, 1, second, second, second, second, null, second, second))
                .withMessage("booking.worker.confirm-timeout must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkerProperties(1, 1, 1, second, second, second,
                Duration.ofMillis(-1), second, second, second)).withMessage("booking.worker.retry-max-backoff must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> new WorkerProperties(1, 1, 1, second, second, second.multipliedBy(2),
                second, second, second, second)).withMessage("booking.worker.retry-max-backoff must not be shorter than retry-initial-backoff");
    }

    private static WorkerProperties bind(Map<String, Object> environmentVariables) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", environmentVariables));
        new YamlPropertySourceLoader().load("queue-worker.yml", new ClassPathResource("queue-worker.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        return Binder.get(environment).bind("booking.worker", WorkerProperties.class).get();
    }
}
