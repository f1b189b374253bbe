package dev.seatbooking.common.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of the hold endpoints that act for its owner (confirm, release): who asks. Optional with
 * SECURITY_MODE=jwt, where the token says who asks.
 */
public record UserIdRequest(
        @Size(max = StorableText.MAX_LENGTH) @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId) {
}
