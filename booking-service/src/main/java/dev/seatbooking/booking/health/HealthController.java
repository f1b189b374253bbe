package dev.seatbooking.booking.health;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.seatbooking.booking.apidocs.ApiDocs;
import dev.seatbooking.common.api.HealthResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Health")
class HealthController {

    private final HealthEndpoint health;

    HealthController(HealthEndpoint health) {
        this.health = health;
    }

    @Operation(operationId = "health", summary = "Health of the service and of what it needs", description = """
            Actuator's readiness group: PostgreSQL, Redis, RabbitMQ and cache-service. UP when a \
            reservation can succeed; DOWN, with the part that is down, when it cannot.""")
    @ApiResponse(responseCode = "200", useReturnTypeSchema = true, description = "Everything is UP",
            content = @Content(examples = @ExampleObject(name = "UP", ref = ApiDocs.HEALTH_UP)))
    @ApiResponse(responseCode = "503", useReturnTypeSchema = true,
            description = "Something the service needs is DOWN",
            content = @Content(examples = @ExampleObject(name = "DOWN", ref = ApiDocs.HEALTH_DOWN)))
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
