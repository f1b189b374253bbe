package dev.seatbooking.common.error;

/** One entry of a validation error's {@code errors} list. */
public record FieldMessage(String field, String message) {
}
