package dev.seatbooking.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

class ResultTest {

    @Test
    void aValueGoesOnToTheNextStepAndIsFoldedAsAValue() {
        Result<Integer> next = Result.ok(20).flatMap(value -> Result.ok(value + 1));

        assertThat(next).isEqualTo(Result.ok(21));
        String folded = next.fold(value -> "ok " + value, refusal -> "refused");
        assertThat(folded).isEqualTo("ok 21");
    }

    @Test
    void aRefusalSkipsEveryNextStepAndIsFoldedAsARefusal() {
        AtomicBoolean nextRan = new AtomicBoolean();
        Result<Integer> refused = Result.<Integer>refused(ErrorCode.SOLD_OUT, "No seats left for event 1")
                .flatMap(value -> {
                    nextRan.set(true);
                    return Result.ok(value);
                });

        assertThat(nextRan).isFalse();
        Object folded = refused.fold(value -> "ok", Refusal::code);
        assertThat(folded).isEqualTo(ErrorCode.SOLD_OUT);
        assertThat(refused).isEqualTo(Result.refused(new Refusal(ErrorCode.SOLD_OUT, "No seats left for event 1")));
    }

    @Test
    void aRefusalsFactsAreAddedToTheErrorBodyAsTheyAre() {
        Result<Integer> refused = Result.refused(ErrorCode.NOT_ENOUGH_SEATS, "Only 1 seats are left", "available_seats", 1);

        ProblemDetail body = (ProblemDetail) refused.fold(value -> null, ApiExceptionHandler::answer).getBody();

        assertThat(body.getProperties()).containsEntry("available_seats", 1).containsEntry("code", "NOT_ENOUGH_SEATS")
                .containsEntry("error", "Only 1 seats are left");
    }
}
