package dev.seatbooking.common.error;

import java.util.Map;
import java.util.function.Function;

/**
 * What a request ends in: a value, or a {@link Refusal} the client can act on. Refusals are the
 * ordinary answers of an on-sale (after a sell-out almost every answer is SOLD_OUT), so they travel
 * as values; an exception stays for what no client can fix (a store out of reach: 503).
 */
public sealed interface Result<T> {

    record Ok<T>(T value) implements Result<T> {
    }

    record Refused<T>(Refusal refusal) implements Result<T> {
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> refused(Refusal refusal) {
        return new Refused<>(refusal);
    }

    static <T> Result<T> refused(ErrorCode code, String message) {
        return new Refused<>(new Refusal(code, message));
    }

    /** A refusal whose body adds {@code fact}, so that the client can act on it without parsing the message. */
    static <T> Result<T> refused(ErrorCode code, String message, String fact, Object value) {
        return new Refused<>(new Refusal(code, message, null, Map.of(fact, value)));
    }

    default <R> R fold(Function<? super T, ? extends R> ok, Function<Refusal, ? extends R> refused) {
        return this instanceof Ok<T> success ? ok.apply(success.value()) : refused.apply(((Refused<T>) this).refusal());
    }

    default <U> Result<U> map(Function<? super T, ? extends U> mapper) {
        return flatMap(value -> ok(mapper.apply(value)));
    }

    /** The next step, taken only on success; a refusal stays as it is. */
    @SuppressWarnings("unchecked")
    default <U> Result<U> flatMap(Function<? super T, Result<U>> next) {
        return this instanceof Ok<T> success ? next.apply(success.value()) : (Result<U>) this;
    }
}
