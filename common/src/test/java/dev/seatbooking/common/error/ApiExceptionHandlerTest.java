package dev.seatbooking.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ApiExceptionHandlerTest {

    @Test
    void theErrorBodyCarriesTheSeedFieldsNextToRfc7807() {
        ProblemDetail problem = ApiExceptionHandler.problemDetail(ErrorCode.SOLD_OUT, "No seats left", null);

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getDetail()).isEqualTo("No seats left");
        assertThat(problem.getType().toString()).isEqualTo("urn:seat-booking:problem:sold-out");
        assertThat(problem.getProperties())
                .containsEntry("success", false)
                .containsEntry("error", "No seats left")
                .containsEntry("code", "SOLD_OUT")
                .doesNotContainKey("errors");
    }

    @Test
    void validationErrorsListTheirFields() {
        List<FieldMessage> errors = List.of(new FieldMessage("event_id", "must be greater than 0"));

        ProblemDetail problem = ApiExceptionHandler.problemDetail(ErrorCode.VALIDATION_ERROR, "bad", errors);

        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getProperties()).containsEntry("errors", errors).containsEntry("code", "VALIDATION_ERROR");
    }

    @ParameterizedTest
    @CsvSource({"eventId,event_id", "userId,user_id", "bookingId,booking_id", "page,page", "totalSeats,total_seats"})
    void fieldNamesAreReportedInTheApisSnakeCase(String javaName, String apiName) {
        assertThat(ApiExceptionHandler.snakeCase(javaName)).isEqualTo(apiName);
    }

    @ParameterizedTest
    @CsvSource({"400,VALIDATION_ERROR", "401,UNAUTHORIZED", "403,FORBIDDEN", "404,NOT_FOUND", "405,METHOD_NOT_ALLOWED", "406,NOT_ACCEPTABLE",
            "413,PAYLOAD_TOO_LARGE", "415,UNSUPPORTED_MEDIA_TYPE", "429,RATE_LIMITED", "500,INTERNAL_ERROR",
            "502,INTERNAL_ERROR", "503,SERVICE_UNAVAILABLE", "418,VALIDATION_ERROR"})
    void statusesSpringRejectsByItselfGetACode(int status, ErrorCode code) {
        assertThat(ErrorCode.forStatus(status)).isEqualTo(code);
    }

    @Test
    void parametersTomcatCannotDecodeAreTheClientsFault() {
        // what Tomcat throws for a form-encoded body or query string with a bad %-escape ("%s%n")
        ResponseEntity<Object> answer = new ApiExceptionHandler()
                .handleUndecodableParameters(new InvalidParameterException("Character decoding failed"));

        assertThat(answer.getStatusCode().value()).isEqualTo(400);
        assertThat(((ProblemDetail) answer.getBody()).getProperties()).containsEntry("code", "VALIDATION_ERROR");
    }

    @Test
    void unavailableIsA503ThatKeepsItsCause() {
        RuntimeException cause = new RuntimeException("connection refused");

        ApiException ex = ApiException.unavailable("The booking queue", cause);

        assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(ex.getMessage()).isEqualTo("The booking queue is unavailable, please retry shortly");
        assertThat(ex.getCause()).isSameAs(cause);
    }
}
