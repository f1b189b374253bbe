package dev.seatbooking.booking.health;

import java.util.LinkedHashMap;
import java.util.Map;

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
    ResponseEntity<Map<String, Object>> health() {
        HealthDescriptor readiness = health.healthForPath("readiness");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.getStatus().getCode());
        body.put("service", "booking-service");
        if (readiness instanceof CompositeHealthDescriptor composite) {
            Map<String, String> components = new LinkedHashMap<>();
            composite.getComponents().forEach((name, part) -> components.put(name, part.getStatus().getCode()));
            body.put("components", components);
        }
        HttpStatus status = Status.UP.equals(readiness.getStatus()) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).body(body);
    }
}
