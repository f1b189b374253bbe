package dev.seatbooking.system;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Each service of the suite exports its spans here too, so that a test can read the traces. */
@Configuration(proxyBeanMethods = false)
class RecordedSpans {

    @Bean
    InMemorySpanExporter spanExporter() {
        return InMemorySpanExporter.create();
    }
}
