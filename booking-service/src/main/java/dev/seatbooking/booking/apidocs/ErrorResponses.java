package dev.seatbooking.booking.apidocs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.seatbooking.common.error.ErrorCode;

/**
 * The error codes an endpoint answers with, for its API documentation: {@link ErrorResponsesCustomizer}
 * turns them into responses with the contract's error body and an example of each. What follows from
 * the endpoint itself is added without being listed: 401 where it needs a bearer token, 413 and 415
 * where it takes a body.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ErrorResponses {

    ErrorCode[] value();

    /** The field of the VALIDATION_ERROR example, named as in the JSON ({@code event_id}). */
    String invalidField() default "";

    /** What the VALIDATION_ERROR example says of {@link #invalidField()}, as Bean Validation would. */
    String invalidMessage() default "";

    /** The message of the FORBIDDEN example, when this endpoint refuses for a reason of its own. */
    String forbidden() default "";

    /** The message of the RATE_LIMITED example, when this endpoint's only limit is of its own. */
    String rateLimited() default "";
}
