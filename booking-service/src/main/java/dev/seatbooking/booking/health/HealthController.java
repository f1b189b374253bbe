package dev.seatbooking.booking.health;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.seatbooking.common.api.HealthResponse;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seed's health URLs. They report Actuator's readiness group (PostgreSQL, Redis, RabbitMQ and
 * cache-service), so they say DOWN, and which part, whenever a reservation could not succeed.
 */
@RestController
class HealthController {

    private final HealthEndpoint health;

    HealthController(HealthEndpoint health) {
        this.health = health;
    }

    @GetMapping({"/health", "/api/bookings/health"})
    ResponseEntity<HealthResponse> health() {
        HealthDescriptor readiness = health.healthForPath("readiness");
        Map<String, String> components = null;
        if (readiness instanceof CompositeHealthDescriptor composite) {
            Map<String, String> parts = new LinkedHashMap<>();
            composite.getComponents().forEach((name, part) -> parts.put(name, part.getStatus().getCode()));
            components = parts;
        }
        HttpStatus status = Status.UP.equals(readiness.getStatus()) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status)
                .body(new HealthResponse(readiness.getStatus().getCode(), "booking-service", components));
    }
}
