package dev.seatbooking.common.error;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract's error body for answers given before Spring MVC runs (servlet filters, Spring
 * Security), which therefore cannot go through {@link ApiExceptionHandler}. Same fields, same order.
 */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String message)
            throws IOException {
        Map<String, Object> body = body(code, message, null, instance(request));
        response.setStatus(code.status().value());
        if (ApiExceptionHandler.retryable(code)) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), body);
    }

    /**
     * The fields Spring MVC writes for a {@link ProblemDetail}; also what the API documentation
     * shows, so that its examples are the real thing.
     */
    public static Map<String, Object> body(ErrorCode code, String message, List<FieldMessage> errors, String instance) {
        ProblemDetail problem = ApiExceptionHandler.problemDetail(code, message, errors);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", instance);
        body.putAll(problem.getProperties());
        return body;
    }

    private static String instance(HttpServletRequest request) {
        try {
            return URI.create(request.getRequestURI()).toString();
        } catch (IllegalArgumentException e) {
            // Tomcat only lets valid URIs through; should one ever slip by, the body goes without it
            return null;
        }
    }
}
