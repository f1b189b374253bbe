package dev.seatbooking.common.api;

import java.util.Map;

/**
 * Body of GET /health: {@code UP} or {@code DOWN}, and the status of each part the service needs
 * ({@code components}, absent when the health check has no parts).
 */
public record HealthResponse(String status, String service, Map<String, String> components) {
}
