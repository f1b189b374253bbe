package dev.seatbooking.common.error;

import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Turns every failure into the contract's error body: an RFC 7807 problem that also carries the
 * seed's {@code success}, {@code error} and {@code code}. Nothing internal (class names, SQL, host
 * names) reaches the client; infrastructure faults become 503 so clients know to retry.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException ex) {
        return answer(ex);
    }

    private static ResponseEntity<Object> answer(ApiException ex) {
        if (ex.code() == ErrorCode.SERVICE_UNAVAILABLE) {
            log.warn("Answering 503: {}", ex.getMessage(), ex.getCause());
        }
        return problem(ex.code(), ex.getMessage(), ex.errors(), null);
    }

    /** The contract's response for a refusal that was returned rather than thrown. */
    public static ResponseEntity<Object> answer(Refusal refusal) {
        ResponseEntity<Object> answer = problem(refusal.code(), refusal.message(), null, refusal.retryAfter());
        refusal.facts().forEach(((ProblemDetail) answer.getBody())::setProperty);
        return answer;
    }

    public static ResponseEntity<Object> answer(ErrorCode code, String message) {
        return problem(code, message, null);
    }

    /** Redis's faults are answered the same way by common.redis.RedisConfiguration, where Redis is used. */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            QueryTimeoutException.class, AmqpException.class, ResourceAccessException.class})
    ResponseEntity<Object> handleInfrastructureFault(Exception ex) {
        log.warn("Infrastructure fault, answering 503", ex);
        return problem(ErrorCode.SERVICE_UNAVAILABLE, "A backing service is unavailable, please retry shortly", null);
    }

    /**
     * A connection that breaks mid-query also fails the rollback, which Hibernate reports as a
     * JpaSystemException (a failed commit as a TransactionSystemException): still PostgreSQL being
     * unreachable, not a bug. A connection-class SQLState (08xxx), or none at all, tells them apart.
     */
    @ExceptionHandler({JpaSystemException.class, TransactionSystemException.class})
    ResponseEntity<Object> handlePersistenceFailure(Exception ex) {
        SQLException sql = findCause(ex, SQLException.class);
        if (sql != null && (sql.getSQLState() == null || sql.getSQLState().startsWith("08"))) {
            return handleInfrastructureFault(ex);
        }
        return handleUnexpected(ex);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
        List<FieldMessage> errors = ex.getConstraintViolations().stream()
                .map(v -> new FieldMessage(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(FieldMessage::field))
                .toList();
        return problem(ErrorCode.VALIDATION_ERROR, summary(errors), errors);
    }

    /** A header Spring Security's firewall refuses once the application reads it (control characters). */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> handleRejectedRequest(RequestRejectedException ex) {
        return problem(ErrorCode.VALIDATION_ERROR, "The request contains characters that are not allowed", null);
    }

    /**
     * Parameters Tomcat cannot decode (a bad %-escape in the query string, or in a form-encoded body,
     * which Spring reads as parameters): the client's input, not a server fault.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleUndecodableParameters(InvalidParameterException ex) {
        return problem(ErrorCode.VALIDATION_ERROR, "The request's parameters are not validly encoded", null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex) {
        log.error("Unexpected error", ex);
        return problem(ErrorCode.INTERNAL_ERROR, "An unexpected error occurred", null);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldMessage> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldMessage(snakeCase(e.getField()), messageOf(e)))
                .sorted(Comparator.comparing(FieldMessage::field))
                .toList();
        return problem(ErrorCode.VALIDATION_ERROR, summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldMessage> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors body
                        // a @Valid request body: report its fields, not the parameter
                        ? body.getFieldErrors().stream().map(e -> new FieldMessage(snakeCase(e.getField()), messageOf(e)))
                        : result.getResolvableErrors().stream().map(error -> new FieldMessage(
                                snakeCase(result.getMethodParameter().getParameterName()), error.getDefaultMessage())))
                .sorted(Comparator.comparing(FieldMessage::field))
                .toList();
        return problem(ErrorCode.VALIDATION_ERROR, summary(errors), errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (findCause(ex, RequestBodyTooLargeException.class) != null) {
            return problem(ErrorCode.PAYLOAD_TOO_LARGE, RequestBodyTooLargeException.MESSAGE, null);
        }
        JacksonException jackson = findCause(ex, JacksonException.class);
        if (jackson != null && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            List<FieldMessage> errors = List.of(new FieldMessage(field, "has an invalid value or type"));
            return problem(ErrorCode.VALIDATION_ERROR, summary(errors), errors);
        }
        return problem(ErrorCode.VALIDATION_ERROR, "Request body is missing or is not valid JSON", null);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        List<FieldMessage> errors = List.of(new FieldMessage(snakeCase(name), "must be a number"));
        return problem(ErrorCode.VALIDATION_ERROR, summary(errors), errors);
    }

    /** Every other exception Spring MVC handles itself (404, 405, 415, ...) still gets our body. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            decorate(problem, ErrorCode.forStatus(statusCode.value()),
                    problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
        }
        return response;
    }

    /** Builds the contract's error body; shared with filters that answer before MVC does. */
    public static ProblemDetail problemDetail(ErrorCode code, String message, List<FieldMessage> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), message);
        decorate(problem, code, message);
        if (errors != null && !errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    private static void decorate(ProblemDetail problem, ErrorCode code, String message) {
        problem.setType(URI.create("urn:seat-booking:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setProperty("success", false);
        problem.setProperty("error", message);
        problem.setProperty("code", code.name());
    }

    private static ResponseEntity<Object> problem(ErrorCode code, String message, List<FieldMessage> errors) {
        return problem(code, message, errors, null);
    }

    /** {@code retryAfter}: when known; a 429 or 503 without it says one second. */
    private static ResponseEntity<Object> problem(ErrorCode code, String message, List<FieldMessage> errors,
            Duration retryAfter) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(code.status());
        if (retryable(code)) {
            // whole seconds, rounded up: a client retrying earlier would only be refused again
            long seconds = retryAfter == null ? 1 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        }
        return response.body(problemDetail(code, message, errors));
    }

    /** The codes that tell a client to come back: they carry {@code Retry-After}. */
    public static boolean retryable(ErrorCode code) {
        return code == ErrorCode.RATE_LIMITED || code == ErrorCode.SERVICE_UNAVAILABLE;
    }

    private static String summary(List<FieldMessage> errors) {
        if (errors.isEmpty()) {
            return "Request is invalid";
        }
        return errors.stream().map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() != null ? error.getDefaultMessage() : "is invalid";
    }

    private static String lastNode(String propertyPath) {
        return snakeCase(propertyPath.substring(propertyPath.lastIndexOf('.') + 1));
    }

    static String snakeCase(String name) {
        return name == null ? "" : name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static <T extends Throwable> T findCause(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
